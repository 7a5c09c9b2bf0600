/** Builds, signs and folds DKIM-Signature header fields (RFC 6376 §3.5, §5; RFC 8463 for Ed25519). */
import { createHash, sign } from 'node:crypto';
import { SmtpError } from '../../core/errors.js';
import { canonicalizeHeaderRelaxed } from './canonicalize.js';
import { resolveDkimSigner } from './dkim-options.js';
import { chooseSignedNames, parseHeaderBlock, pickFieldsToHash } from './header-fields.js';
/** Folded lines aim at this width (RFC 5322 §2.1.1 recommends 78 with CRLF). */
const MAX_LINE_CHARS = 76;
const FIELD_NAME = 'DKIM-Signature';
/** Greedy folding: content moves to a new line (CRLF SP) when it would pass the width. */
class FoldedLines {
    lines = [];
    current;
    constructor(start) {
        this.current = start;
    }
    /** Adds an atom, after `separator` when it stays on this line; folding replaces the separator. */
    add(atom, separator) {
        if (this.current.trim() !== '' && this.current.length + separator.length + atom.length > MAX_LINE_CHARS) {
            this.lines.push(this.current);
            this.current = ` ${atom}`;
        }
        else {
            this.current += separator + atom;
        }
    }
    /** Adds base64 text, split wherever the line is full (FWS is allowed anywhere in it, §3.5). */
    addBase64(value) {
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
    toString() {
        return [...this.lines, this.current].join('\r\n');
    }
}
/**
 * The field text, folded, with `b=` last: the one place a verifier blanks (§3.7), so the text before
 * it is the same whether `signature` is empty (for signing) or not (for sending).
 */
function formatSignatureField(tags, signedNames, bodyHash, signature) {
    const folded = new FoldedLines(`${FIELD_NAME}:`);
    for (const [name, value] of tags)
        folded.add(`${name}=${value};`, ' ');
    signedNames.forEach((name, i) => folded.add(`${i === 0 ? 'h=' : ''}${name}${i === signedNames.length - 1 ? ';' : ':'}`, i === 0 ? ' ' : ''));
    // bh= stays whole on one line: a fold inside it could start a line with "b=", which naive verifiers
    // take for the b= tag when they blank it.
    folded.add(`bh=${bodyHash};`, ' ');
    folded.add('b=', ' ');
    folded.addBase64(signature);
    return folded.toString();
}
/** RFC 6376 §3.3 (RSA PKCS#1 v1.5 over SHA-256); RFC 8463 §3 (PureEdDSA over the SHA-256 digest). */
function signData(signer, data) {
    if (signer.algorithm === 'ed25519-sha256')
        return sign(null, createHash('sha256').update(data).digest(), signer.key).toString('base64');
    return sign('sha256', data, signer.key).toString('base64');
}
function signOne(fields, bodyHash, signer, now) {
    const signedNames = chooseSignedNames(fields, signer.include, signer.skip);
    const tags = [
        ['v', '1'],
        ['a', signer.algorithm],
        ['c', 'relaxed/relaxed'],
        ['d', signer.domain],
        ['s', signer.selector],
        ['t', String(Math.floor(now.getTime() / 1000))],
    ];
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
export function signHeaders(headerBlock, bodyHash, options, now = new Date()) {
    const signers = options.map((entry, index) => resolveDkimSigner(entry, options.length > 1 ? index : undefined));
    const fields = parseHeaderBlock(typeof headerBlock === 'string' ? Buffer.from(headerBlock, 'utf8') : headerBlock);
    if (signers.length > 0 && !fields.some((field) => field.name === 'from')) {
        throw new SmtpError('EMESSAGE', 'cannot DKIM-sign a message without a From header field (RFC 6376 §5.4)');
    }
    return signers.map((signer) => signOne(fields, bodyHash, signer, now)).join('');
}
//# sourceMappingURL=sign-headers.js.map