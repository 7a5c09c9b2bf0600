/** Quoted-printable content transfer encoding (RFC 2045 §6.7), streamed. */
import type { Transform } from 'node:stream';
import type { ChunkEncoder } from './chunk-transform.js';
/**
 * Quoted-printable. A CRLF in the input is a hard line break (rule 4); a lone CR or LF is encoded,
 * so binary-safe. A space or tab is held back until the next byte shows whether it ends a line,
 * in which case it is encoded (rule 3); a CR at the end of a chunk waits for a possible LF. Soft
 * breaks never split an `=XX` triplet. Output is the same however the input is split.
 */
export declare class QuotedPrintableEncoder implements ChunkEncoder {
    private column;
    private pendingSpace;
    private pendingCr;
    /** Scratch space reused across chunks; each chunk's output is copied out at its exact size. */
    private out;
    private length;
    update(chunk: Buffer): Buffer;
    final(): Buffer;
    private take;
    private room;
    private emitLiteral;
    private emitEncoded;
    /** Worst case per input byte: `=XX` plus a share of soft breaks, and the pending bytes. */
    private begin;
    private write;
    private end;
}
/** A Transform encoding its input as quoted-printable. */
export declare function createQuotedPrintableEncoder(): Transform;
