/** Reads the encoded message body: a bounded read-ahead, then the rest as a stream, in plain or sized chunks. */
import type { Readable } from 'node:stream';
import { type SmtpError } from '../core/errors.js';
import type { DataStreamEncoder } from './data-stream.js';
/**
 * Pulls bytes from `source` through `encoder`. The read-ahead lets a small message's size be known before
 * MAIL (SIZE, one-write BDAT) without ever holding more than the read-ahead of a large one.
 */
export declare class BodyReader {
    private readonly encoder;
    private buffered;
    /** Bytes currently held in the read-ahead. */
    bufferedBytes: number;
    /** Bytes read so far in all. */
    totalBytes: number;
    /** The whole body has been read (it fits in the read-ahead). */
    isComplete: boolean;
    private readonly iterator;
    private failure?;
    private readonly source?;
    /** @param content a stream, or (a small message held in memory) its chunks, encoded at once */
    constructor(content: Readable | Buffer[], encoder: DataStreamEncoder);
    /** Reads until `limit` bytes are held or the body ends. */
    prefetch(limit: number): Promise<void>;
    /** Hands over the read-ahead, as the chunks it was read in (written with one vectored write). */
    takeBuffered(): Buffer[];
    /** Ends a read in progress with `err` (the connection failed) and releases the source. */
    abort(err: SmtpError): void;
    /** Stops reading and releases the source (files, sockets) without sending anything. */
    discard(): void;
    /** The read-ahead, then the rest of the body, chunk by chunk as the source yields it. */
    chunks(): AsyncGenerator<Buffer>;
    /**
     * The body in chunks of about `size` bytes, each given as its parts (never copied together) and flagged
     * `last` when nothing follows (BDAT LAST).
     */
    sizedChunks(size: number): AsyncGenerator<{
        parts: Buffer[];
        bytes: number;
        last: boolean;
    }>;
    private next;
}
