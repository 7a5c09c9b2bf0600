/** Base64 content transfer encoding (RFC 2045 §6.8) with 76-character lines, streamed. */
import type { Transform } from 'node:stream';
import type { ChunkEncoder } from './chunk-transform.js';
/**
 * Base64 with CRLF every 76 characters. Carries the 0-2 bytes that do not fill a 3-byte group and the
 * position in the current line across chunks, so output does not depend on how input was split.
 * No CRLF follows the last line: the multipart delimiter supplies it (RFC 2046 §5.1.1).
 * Each chunk is encoded straight into one output buffer of the exact size, to keep garbage (and so
 * resident memory while streaming large attachments) low.
 */
export declare class Base64Encoder implements ChunkEncoder {
    private rest;
    private column;
    update(chunk: Buffer): Buffer;
    final(): Buffer;
    /** Writes `first` then `second` as wrapped lines into a buffer sized for exactly that output. */
    private wrap;
    private write;
}
/** A Transform encoding its input as base64 lines. */
export declare function createBase64Encoder(): Transform;
