/** Splits a whole message, as it streams, into its header block (kept) and its body (hashed, not kept). */
import { Transform } from 'node:stream';
import { SmtpError } from '../../core/errors.js';
import { createBodyHasher } from './body-hash.js';
/** A header block larger than this is refused rather than held in memory. */
export const MAX_HEADER_BLOCK_BYTES = 1024 * 1024;
const CR = 0x0d;
const LF = 0x0a;
/**
 * Feeds a whole message in chunks and finds the blank line that ends its header block, counting line
 * breaks as the data stream sends them (CRLF, bare CR or bare LF each end a line). Without a blank
 * line the whole message is header and the body is empty.
 */
export class MessageHasher {
    headerChunks = [];
    headerBytes = 0;
    inHeader = true;
    atLineStart = true;
    afterCR = false;
    /** The blank line ended with CR: an LF right after it belongs to it, not to the body. */
    skipLeadingLF = false;
    body = createBodyHasher();
    /** @throws SmtpError `EMESSAGE` when the header block passes {@link MAX_HEADER_BLOCK_BYTES}. */
    update(chunk) {
        let start = 0;
        if (this.inHeader) {
            const end = this.findHeaderEnd(chunk);
            this.keepHeader(end === undefined ? chunk : chunk.subarray(0, end.headerEnd));
            if (end === undefined)
                return;
            start = end.bodyStart;
        }
        if (this.skipLeadingLF && start < chunk.length) {
            if (chunk[start] === LF)
                start += 1;
            this.skipLeadingLF = false;
        }
        if (start < chunk.length)
            this.body.update(start === 0 ? chunk : chunk.subarray(start));
    }
    /** Ends the message. Call once, after the last update. */
    digest() {
        return { headerBlock: Buffer.concat(this.headerChunks, this.headerBytes), bodyHash: this.body.digest() };
    }
    /** Where the header ends in this chunk (the blank line's start, and the body's start), if it does. */
    findHeaderEnd(chunk) {
        for (let i = 0; i < chunk.length; i += 1) {
            const byte = chunk[i];
            if (byte === LF && this.afterCR) {
                this.afterCR = false;
            }
            else if (byte === CR || byte === LF) {
                if (this.atLineStart) {
                    this.inHeader = false;
                    this.skipLeadingLF = byte === CR;
                    return { headerEnd: i, bodyStart: i + 1 };
                }
                this.atLineStart = true;
                this.afterCR = byte === CR;
            }
            else {
                this.atLineStart = false;
                this.afterCR = false;
            }
        }
        return undefined;
    }
    keepHeader(part) {
        this.headerBytes += part.length;
        if (this.headerBytes > MAX_HEADER_BLOCK_BYTES) {
            throw new SmtpError('EMESSAGE', `the message header block is over ${MAX_HEADER_BLOCK_BYTES} bytes; it cannot be DKIM-signed`);
        }
        if (part.length > 0)
            this.headerChunks.push(Buffer.from(part));
    }
}
/**
 * A pass-through Transform that hashes the message flowing through it; after 'finish', `result()`
 * gives the header block and body hash. Useful when the bytes are written somewhere anyway (e.g.
 * to a spool) and signing happens once they are all through.
 */
export class DkimHashingStream extends Transform {
    hasher = new MessageHasher();
    digested;
    _transform(chunk, _encoding, callback) {
        try {
            const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
            this.hasher.update(bytes);
            callback(null, bytes);
        }
        catch (err) {
            callback(err);
        }
    }
    _flush(callback) {
        this.digested = this.hasher.digest();
        callback();
    }
    /** The header block and body hash; only after the stream has finished. */
    result() {
        if (!this.digested)
            throw new Error('DkimHashingStream.result() called before the stream finished');
        return this.digested;
    }
}
//# sourceMappingURL=message-hasher.js.map