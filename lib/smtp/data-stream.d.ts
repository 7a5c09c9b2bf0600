/** The message body on its way to the socket: CRLF line endings, dot-stuffing, line cap, byte count. */
import { Transform, type TransformCallback } from 'node:stream';
export interface DataStreamOptions {
    /** Double a dot at the start of a line (DATA, RFC 5321 §4.5.2); off for BDAT (RFC 3030 §2). */
    dotStuff: boolean;
}
/**
 * Normalises `\r\n`, bare `\r` and bare `\n` to CRLF, so that no `<LF>.<LF>`-style sequence can end DATA
 * early on a lenient server (SMTP smuggling, CERT VU#302671); then dot-stuffs. State is carried across chunks:
 * a CR ending one chunk and a dot starting the next are handled as if the input were one buffer.
 * The output always ends with CRLF; the terminating `.CRLF` (or the last BDAT) is the connection's job.
 */
export declare class DataStreamEncoder extends Transform {
    private readonly options;
    /** Octets emitted so far (after normalisation and stuffing). */
    bytes: number;
    private atLineStart;
    /** The previous chunk ended in CR: its CRLF is already out, so a leading LF now is part of it. */
    private pendingCr;
    constructor(options: DataStreamOptions);
    _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void;
    _flush(callback: TransformCallback): void;
    /**
     * Encodes content held in memory at once, without the stream machinery; the same bytes the stream gives.
     */
    encodeAll(chunks: Buffer[]): Buffer[];
    private encodeChunk;
    /** The CRLF a body not ending in one needs. */
    private finish;
    private encode;
}
