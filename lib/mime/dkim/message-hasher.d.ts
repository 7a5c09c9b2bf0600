/** Splits a whole message, as it streams, into its header block (kept) and its body (hashed, not kept). */
import { Transform, type TransformCallback } from 'node:stream';
/** A header block larger than this is refused rather than held in memory. */
export declare const MAX_HEADER_BLOCK_BYTES: number;
/** What signing needs from a message: its header block and the hash of its body. */
export interface MessageDigest {
    /** The bytes before the blank line that ends the header (the last field's line break included). */
    headerBlock: Buffer;
    /** base64 SHA-256 of the relaxed-canonical body. */
    bodyHash: string;
}
/**
 * Feeds a whole message in chunks and finds the blank line that ends its header block, counting line
 * breaks as the data stream sends them (CRLF, bare CR or bare LF each end a line). Without a blank
 * line the whole message is header and the body is empty.
 */
export declare class MessageHasher {
    private readonly headerChunks;
    private headerBytes;
    private inHeader;
    private atLineStart;
    private afterCR;
    /** The blank line ended with CR: an LF right after it belongs to it, not to the body. */
    private skipLeadingLF;
    private readonly body;
    /** @throws SmtpError `EMESSAGE` when the header block passes {@link MAX_HEADER_BLOCK_BYTES}. */
    update(chunk: Buffer): void;
    /** Ends the message. Call once, after the last update. */
    digest(): MessageDigest;
    /** Where the header ends in this chunk (the blank line's start, and the body's start), if it does. */
    private findHeaderEnd;
    private keepHeader;
}
/**
 * A pass-through Transform that hashes the message flowing through it; after 'finish', `result()`
 * gives the header block and body hash. Useful when the bytes are written somewhere anyway (e.g.
 * to a spool) and signing happens once they are all through.
 */
export declare class DkimHashingStream extends Transform {
    private readonly hasher;
    private digested;
    _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void;
    _flush(callback: TransformCallback): void;
    /** The header block and body hash; only after the stream has finished. */
    result(): MessageDigest;
}
