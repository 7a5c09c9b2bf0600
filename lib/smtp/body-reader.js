import { toSmtpError } from '../core/errors.js';
/**
 * Pulls bytes from `source` through `encoder`. The read-ahead lets a small message's size be known before
 * MAIL (SIZE, one-write BDAT) without ever holding more than the read-ahead of a large one.
 */
export class BodyReader {
    encoder;
    buffered = [];
    /** Bytes currently held in the read-ahead. */
    bufferedBytes = 0;
    /** Bytes read so far in all. */
    totalBytes = 0;
    /** The whole body has been read (it fits in the read-ahead). */
    isComplete = false;
    iterator;
    failure;
    source;
    /** @param content a stream, or (a small message held in memory) its chunks, encoded at once */
    constructor(content, encoder) {
        this.encoder = encoder;
        if (Array.isArray(content)) {
            this.buffered = encoder.encodeAll(content);
            this.bufferedBytes = this.totalBytes = encoder.bytes;
            this.isComplete = true;
            this.iterator = emptyIterator();
            return;
        }
        const source = content;
        this.source = source;
        // pipe() with explicit error forwarding: stream.pipeline would cost an AbortController per message.
        source.on('error', (err) => {
            this.failure = toSmtpError(err, 'ESTREAM', { phase: 'body' });
            encoder.destroy(this.failure);
        });
        encoder.on('error', () => source.destroy());
        source.pipe(encoder);
        this.iterator = encoder[Symbol.asyncIterator]();
    }
    /** Reads until `limit` bytes are held or the body ends. */
    async prefetch(limit) {
        while (this.bufferedBytes < limit && !this.isComplete) {
            const chunk = await this.next();
            if (chunk === undefined)
                break;
            this.buffered.push(chunk);
            this.bufferedBytes += chunk.length;
        }
    }
    /** Hands over the read-ahead, as the chunks it was read in (written with one vectored write). */
    takeBuffered() {
        const parts = this.buffered;
        this.buffered = [];
        this.bufferedBytes = 0;
        return parts;
    }
    /** Ends a read in progress with `err` (the connection failed) and releases the source. */
    abort(err) {
        this.failure ??= err;
        if (!this.source)
            return; // content held in memory: nothing is being read
        this.source.destroy();
        // The pending read rejects with it (the encoder has error listeners when it streams).
        this.encoder.destroy(err);
    }
    /** Stops reading and releases the source (files, sockets) without sending anything. */
    discard() {
        this.buffered = [];
        this.bufferedBytes = 0;
        this.source?.destroy();
        this.encoder.destroy();
    }
    /** The read-ahead, then the rest of the body, chunk by chunk as the source yields it. */
    async *chunks() {
        for (const part of this.takeBuffered())
            yield part;
        for (let chunk = await this.next(); chunk !== undefined; chunk = await this.next())
            yield chunk;
    }
    /**
     * The body in chunks of about `size` bytes, each given as its parts (never copied together) and flagged
     * `last` when nothing follows (BDAT LAST).
     */
    async *sizedChunks(size) {
        let pending;
        let parts = [];
        let bytes = 0;
        for await (const chunk of this.chunks()) {
            parts.push(chunk);
            bytes += chunk.length;
            if (bytes < size)
                continue;
            if (pending)
                yield { ...pending, last: false };
            pending = { parts, bytes };
            parts = [];
            bytes = 0;
        }
        if (bytes > 0) {
            if (pending)
                yield { ...pending, last: false };
            pending = { parts, bytes };
        }
        yield { ...(pending ?? { parts: [], bytes: 0 }), last: true };
    }
    async next() {
        if (this.isComplete)
            return undefined;
        let result;
        try {
            result = await this.iterator.next();
        }
        catch (err) {
            throw this.failure ?? toSmtpError(err, 'ESTREAM', { phase: 'body' });
        }
        if (this.failure)
            throw this.failure;
        if (result.done) {
            this.isComplete = true;
            return undefined;
        }
        this.totalBytes += result.value.length;
        return result.value;
    }
}
function emptyIterator() {
    return { next: async () => ({ done: true, value: undefined }) };
}
//# sourceMappingURL=body-reader.js.map