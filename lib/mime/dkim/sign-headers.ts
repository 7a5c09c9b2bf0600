/** Builds, signs and folds DKIM-Signature header fields (RFC 6376 §3.5, §5; RFC 8463 for Ed25519). */
import { createHash, sign } from 'node:crypto';
import { SmtpError } from '../../core/errors.js';
import { canonicalizeHeaderRelaxed } from './canonicalize.js';
import { resolveDkimSigner, type DkimOptions, type DkimSigner } from './dkim-options.js';
import { chooseSignedNames, parseHeaderBlock, pickFieldsToHash, type HeaderField } from './header-fields.js';

/** Folded lines aim at this width (RFC 5322 §2.1.1 recommends 78 with CRLF). */
const MAX_LINE_CHARS = 76;
const FIELD_NAME = 'DKIM-Signature';

/** Greedy folding: content moves to a new line (CRLF SP) when it would pass the width. */
class FoldedLines {
  private readonly lines: string[] = [];
  private current: string;

  constructor(start: string) {
    this.current = start;
  }

  /** Adds an atom, after `separator` when it stays on this line; folding replaces the separator. */
  add(atom: string, separator: ' ' | ''): void {
    if (this.current.trim() !== '' && this.current.length + separator.length + atom.length > MAX_LINE_CHARS) {
      this.lines.push(this.current);
      this.current = ` ${atom}`;
    } else {
      this.current += separator + atom;
    }
  }

  /** Adds base64 text, split wherever the line is full (FWS is allowed anywhere in it, §3.5). */
  addBase64(value: string): void {
    let rest = value;
    while (rest !== '') {
      let room = MAX_LINE_CHARS - this.current.length;
      if (room <= 0) {
        this.lines.push(this.current);
        this.current = ' ';
        room = MAX_LINE_CHARS - 1;
      }
      this.current += rest.slice(0, room);
      rest = rest.slice(room);
    }
  }

  toString(): string {
    return [...this.lines, this.current].join('\r\n');
  }
}

/**
 * The field text, folded, with `b=` last: the one place a verifier blanks (§3.7), so the text before
 * it is the same whether `signature` is empty (for signing) or not (for sending).
 */
function formatSignatureField(tags: ReadonlyArray<readonly [string, string]>, signedNames: readonly string[], bodyHash: string, signature: string): string {
  const folded = new FoldedLines(`${FIELD_NAME}:`);
  for (const [name, value] of tags) folded.add(`${name}=${value};`, ' ');
  signedNames.forEach((name, i) => folded.add(`${i === 0 ? 'h=' : ''}${name}${i === signedNames.length - 1 ? ';' : ':'}`, i === 0 ? ' ' : ''));
  // bh= stays whole on one line: a fold inside it could start a line with "b=", which naive verifiers
  // take for the b= tag when they blank it.
  folded.add(`bh=${bodyHash};`, ' ');
  folded.add('b=', ' ');
  folded.addBase64(signature);
  return folded.toString();
}

/** RFC 6376 §3.3 (RSA PKCS#1 v1.5 over SHA-256); RFC 8463 §3 (PureEdDSA over the SHA-256 digest). */
function signData(signer: DkimSigner, data: Buffer): string {
  if (signer.algorithm === 'ed25519-sha256') return sign(null, createHash('sha256').update(data).digest(), signer.key).toString('base64');
  return sign('sha256', data, signer.key).toString('base64');
}

function signatureTags(signer: DkimSigner, now: Date): ReadonlyArray<readonly [string, string]> {
  return [
    ['v', '1'],
    ['a', signer.algorithm],
    ['c', 'relaxed/relaxed'],
    ['d', signer.domain],
    ['s', signer.selector],
    ['t', String(Math.floor(now.getTime() / 1000))],
  ];
}

function signOne(fields: readonly HeaderField[], bodyHash: string, signer: DkimSigner, now: Date): string {
  const signedNames = chooseSignedNames(fields, signer.include, signer.skip);
  const tags = signatureTags(signer, now);
  const unsigned = formatSignatureField(tags, signedNames, bodyHash, '');
  // §3.7: the signed fields, each canonicalized with CRLF, then this field with b= empty and no CRLF.
  const hashed = pickFieldsToHash(fields, signedNames).map((field) => `${canonicalizeHeaderRelaxed(field.raw)}\r\n`);
  hashed.push(canonicalizeHeaderRelaxed(unsigned));
  const signature = signData(signer, Buffer.from(hashed.join(''), 'latin1'));
  return `${formatSignatureField(tags, signedNames, bodyHash, signature)}\r\n`;
}

/**
 * Signs a message's header block: returns the DKIM-Signature fields (folded, CRLF-terminated), one
 * per options entry in order, to put in front of the message unchanged. Algorithm from each key,
 * `c=relaxed/relaxed`, `t=` from `now`, no `l=` (the whole body is covered) and no `x=`.
 *
 * @param headerBlock the raw bytes before the header/body blank line (a string is taken as UTF-8).
 * @param bodyHash from {@link createBodyHasher} over the body that follows it.
 * @throws SmtpError `ECONFIG` for bad options; `EMESSAGE` when the header block has no From field
 *   (RFC 6376 §5.4 requires it to be signed).
 */
export function signHeaders(headerBlock: Buffer | string, bodyHash: string, options: readonly DkimOptions[], now: Date = new Date()): string {
  const signers = options.map((entry, index) => resolveDkimSigner(entry, options.length > 1 ? index : undefined));
  const fields = parseHeaderBlock(typeof headerBlock === 'string' ? Buffer.from(headerBlock, 'utf8') : headerBlock);
  if (signers.length > 0 && !fields.some((field) => field.name === 'from')) {
    throw new SmtpError('EMESSAGE', 'cannot DKIM-sign a message without a From header field (RFC 6376 §5.4)');
  }
  return signers.map((signer) => signOne(fields, bodyHash, signer, now)).join('');
}

/** base64 characters of a SHA-256 digest (`bh=`). */
const BODY_HASH_CHARS = 44;

/** base64 characters of a signature: RSA PKCS#1 v1.5 gives as many octets as the modulus, Ed25519 64. */
function signatureChars(signer: DkimSigner): number {
  const octets = signer.algorithm === 'ed25519-sha256' ? 64 : Math.ceil((signer.key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  return 4 * Math.ceil(octets / 3);
}

/**
 * The length in octets of what {@link signHeaders} returns for this header block at `now`, without signing:
 * each field is fixed but for `bh=` (one SHA-256) and `b=` (one signature, as long as the key makes it), so
 * it is formatted, and folded, with placeholders of those lengths. Lets a signed message's size be declared
 * (SIZE, RFC 1870) before it is hashed.
 * @throws SmtpError as {@link signHeaders}: `ECONFIG`, or `EMESSAGE` for a header block without From.
 */
export function signatureFieldsLength(headerBlock: Buffer, options: readonly DkimOptions[], now: Date = new Date()): number {
  const signers = options.map((entry, index) => resolveDkimSigner(entry, options.length > 1 ? index : undefined));
  const fields = parseHeaderBlock(headerBlock);
  if (signers.length > 0 && !fields.some((field) => field.name === 'from')) {
    throw new SmtpError('EMESSAGE', 'cannot DKIM-sign a message without a From header field (RFC 6376 §5.4)');
  }
  let length = 0;
  for (const signer of signers) {
    const signedNames = chooseSignedNames(fields, signer.include, signer.skip);
    const field = formatSignatureField(signatureTags(signer, now), signedNames, 'A'.repeat(BODY_HASH_CHARS), 'A'.repeat(signatureChars(signer)));
    length += Buffer.byteLength(field, 'latin1') + 2;
  }
  return length;
}
