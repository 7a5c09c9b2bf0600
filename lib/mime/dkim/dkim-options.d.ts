/** DKIM signing options: their checks (ECONFIG) and their resolved form (key object, algorithm, header rules). */
import { KeyObject } from 'node:crypto';
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
     * @defaultValue {@link DEFAULT_SIGNED_HEADER_FIELDS}
     */
    headerFieldNames?: string;
    /** Colon-separated names never signed (may not include `From`). */
    skipFields?: string;
}
/** The header fields signed by default, when present in the message. */
export declare const DEFAULT_SIGNED_HEADER_FIELDS: string;
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
/**
 * Checks one DkimOptions and resolves it. `index` names the entry in messages (`dkim[1].keySelector`).
 *
 * @throws SmtpError `ECONFIG` naming the field at fault (never quoting the key).
 */
export declare function resolveDkimSigner(options: DkimOptions, index?: number): DkimSigner;
/**
 * Checks DKIM options (one or an array, as the `dkim` transport option takes them), e.g. in
 * `resolveOptions`, so a bad key fails at `createTransport` rather than at the first send.
 *
 * @throws SmtpError `ECONFIG` naming the field at fault.
 */
export declare function validateDkimOptions(options: DkimOptions | DkimOptions[]): void;
