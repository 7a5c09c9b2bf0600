/** DKIM signing options: their checks (ECONFIG) and their resolved form (key object, algorithm, header rules). */
import type { KeyObject } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { SmtpError } from '../../core/errors.js';

/** One DKIM signature to add (RFC 6376); the algorithm follows the key: RSA or Ed25519 (RFC 8463). */
export interface DkimOptions {
  /** The signing domain, `d=` (an IDN is signed in its A-label form). */
  domainName: string;
  /** The selector, `s=`: the key is published at `<keySelector>._domainkey.<domainName>`. */
  keySelector: string;
  /** PEM (PKCS#1 or PKCS#8), DER (PKCS#8 or PKCS#1) as a Buffer, or a private KeyObject. */
  privateKey: string | Buffer | KeyObject;
  /**
   * Colon-separated names of the header fields to sign; a trailing `*` matches a prefix (`List-*`).
   * Replaces the default list. `From` is always signed.
   * @defaultValue `'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:Content-ID:Content-Description:Content-Disposition:In-Reply-To:References:List-*'`
   */
  headerFieldNames?: string;
  /** Colon-separated names never signed (may not include `From`). */
  skipFields?: string;
}

/** The header fields signed by default, when present in the message. */
export const DEFAULT_SIGNED_HEADER_FIELDS =
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:' +
  'Content-ID:Content-Description:Content-Disposition:In-Reply-To:References:List-*';

/** RFC 8301 §3.2: signers MUST use RSA keys of at least 1024 bits. */
const MIN_RSA_BITS = 1024;

/** `rsa-sha256` (RFC 6376 §3.3) or `ed25519-sha256` (RFC 8463 §3). */
export type DkimAlgorithm = 'rsa-sha256' | 'ed25519-sha256';

/** DkimOptions checked and resolved, ready to sign with. */
export interface DkimSigner {
  domain: string;
  selector: string;
  key: KeyObject;
  algorithm: DkimAlgorithm;
  /** Lower-case header name patterns to sign; an entry ending in `*` is a prefix. */
  include: string[];
  /** Lower-case header name patterns never to sign. */
  skip: string[];
}

function invalid(index: number | undefined, field: string, why: string): SmtpError {
  const where = index === undefined ? 'dkim' : `dkim[${index}]`;
  return new SmtpError('ECONFIG', `${where}.${field} ${why}`);
}

/** RFC 6376 §3.5 `selector` (sub-domains, RFC 5321 Ldh). */
const SELECTOR = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
/** An RFC 5322 §3.6.8 field name (printable ASCII but `:`), here optionally ending in `*`. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
const DOMAIN = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]*[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9])?)*$/;

function parseFieldList(value: unknown, index: number | undefined, field: string): string[] {
  if (typeof value !== 'string') throw invalid(index, field, 'must be a colon-separated string of header names');
  const names = value.split(':').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  const bad = names.find((name) => !FIELD_NAME.test(name));
  if (bad !== undefined) throw invalid(index, field, `has an invalid header name "${bad}"`);
  return names;
}

function loadKey(privateKey: unknown, index: number | undefined): KeyObject {
  // Fetched here, not imported: the engine imports these checks, and node:crypto is costly to load for the
  // many transports that never sign.
  const { createPrivateKey, KeyObject } = process.getBuiltinModule('node:crypto');
  if (privateKey instanceof KeyObject) {
    if (privateKey.type !== 'private') throw invalid(index, 'privateKey', 'must be a private key, not a public or secret one');
    return privateKey;
  }
  if (typeof privateKey !== 'string' && !Buffer.isBuffer(privateKey)) {
    throw invalid(index, 'privateKey', 'must be a PEM string, a DER Buffer or a KeyObject');
  }
  const attempts = [
    () => createPrivateKey(privateKey),
    () => createPrivateKey({ key: privateKey as Buffer, format: 'der', type: 'pkcs8' }),
    () => createPrivateKey({ key: privateKey as Buffer, format: 'der', type: 'pkcs1' }),
  ];
  for (const attempt of Buffer.isBuffer(privateKey) ? attempts : attempts.slice(0, 1)) {
    try {
      return attempt();
    } catch {
      // try the next encoding
    }
  }
  // Never quote the key material.
  throw invalid(index, 'privateKey', 'could not be read as a private key (expected unencrypted PEM or DER)');
}

function algorithmOf(key: KeyObject, index: number | undefined): DkimAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519-sha256';
  if (key.asymmetricKeyType === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) throw invalid(index, 'privateKey', `is a ${bits}-bit RSA key; DKIM needs at least ${MIN_RSA_BITS} bits (RFC 8301)`);
    return 'rsa-sha256';
  }
  throw invalid(index, 'privateKey', `is a ${key.asymmetricKeyType ?? 'unknown'} key; DKIM signs with RSA or Ed25519 keys`);
}

/**
 * Checks one DkimOptions and resolves it. `index` names the entry in messages (`dkim[1].keySelector`).
 *
 * @throws SmtpError `ECONFIG` naming the field at fault (never quoting the key).
 */
export function resolveDkimSigner(options: DkimOptions, index?: number): DkimSigner {
  if (typeof options !== 'object' || options === null) throw invalid(index, 'options', 'must be an object');
  const domain = typeof options.domainName === 'string' ? domainToASCII(options.domainName.trim().replace(/\.$/, '')) : '';
  if (!DOMAIN.test(domain)) throw invalid(index, 'domainName', 'must be a domain name such as example.com');
  if (typeof options.keySelector !== 'string' || !SELECTOR.test(options.keySelector)) {
    throw invalid(index, 'keySelector', 'must be letters, digits, hyphens and dots, such as "mail" or "2024.mail"');
  }
  const key = loadKey(options.privateKey, index);
  const include = parseFieldList(options.headerFieldNames ?? DEFAULT_SIGNED_HEADER_FIELDS, index, 'headerFieldNames');
  const skip = options.skipFields === undefined ? [] : parseFieldList(options.skipFields, index, 'skipFields');
  // RFC 6376 §5.4: the From header field MUST be signed.
  if (skip.includes('from')) throw invalid(index, 'skipFields', 'may not contain From: RFC 6376 requires it to be signed');
  if (!include.includes('from')) include.unshift('from');
  return { domain, selector: options.keySelector, key, algorithm: algorithmOf(key, index), include, skip };
}

/**
 * Checks DKIM options (one or an array, as the `dkim` transport option takes them), e.g. in
 * `resolveOptions`, so a bad key fails at `createTransport` rather than at the first send.
 *
 * @throws SmtpError `ECONFIG` naming the field at fault.
 */
export function validateDkimOptions(options: DkimOptions | DkimOptions[]): void {
  if (Array.isArray(options)) options.forEach((entry, index) => resolveDkimSigner(entry, index));
  else resolveDkimSigner(options);
}
