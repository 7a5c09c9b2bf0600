/** Text line breaks to CRLF (RFC 2046 §4.1.1 canonical form), streamed. */
import type { Transform } from 'node:stream';
import type { ChunkEncoder } from './chunk-transform.js';
/**
 * Maps CRLF, lone CR and lone LF to CRLF. A CR ending one chunk is remembered so that a CRLF split
 * across two chunks stays one line break.
 */
export declare class LineBreakNormalizer implements ChunkEncoder {
    private afterCr;
    /** Scratch space reused across chunks. */
    private scratch;
    update(chunk: Buffer): Buffer;
    final(): Buffer;
}
/** A Transform normalising line breaks to CRLF. */
export declare function createLineBreakNormalizer(): Transform;
