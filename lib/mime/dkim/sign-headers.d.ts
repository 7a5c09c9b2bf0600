import { type DkimOptions } from './dkim-options.js';
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
export declare function signHeaders(headerBlock: Buffer | string, bodyHash: string, options: readonly DkimOptions[], now?: Date): string;
