/** Passes bytes through unchanged while checking the 998-octet line limit (RFC 5322 §2.1.1), streamed. */
import type { Transform } from 'node:stream';
import type { ChunkEncoder } from './chunk-transform.js';
/**
 * Counts octets since the last CR or LF across chunks; used for `raw` messages and raw parts, which
 * are sent as given and so cannot be re-encoded to fit.
 * @throws SmtpError EMESSAGE (from `update`) at the first line over 998 octets.
 */
export declare class LineLengthGuard implements ChunkEncoder {
    private readonly what;
    private column;
    constructor(what: string);
    update(chunk: Buffer): Buffer;
    final(): Buffer;
}
/** A Transform that fails with EMESSAGE on a line over 998 octets. */
export declare function createLineLengthGuard(what: string): Transform;
