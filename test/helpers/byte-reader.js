/** Buffered reads (lines, counted bytes, up to a marker) over chunks pushed from a socket, for scripted servers. */
/** Thrown by reads when the peer closed before the wanted bytes arrived; scripts treat it as a normal end. */
export class PeerClosedError extends Error {
    constructor() {
        super('peer closed the connection');
        this.name = 'PeerClosedError';
    }
}
/** Collects incoming chunks and hands them out as lines or byte counts, waiting when not enough arrived yet. */
export class ByteReader {
    chunks = [];
    size = 0;
    ended = false;
    wake;
    push(chunk) {
        this.chunks.push(chunk);
        this.size += chunk.length;
        this.notify();
    }
    end() {
        this.ended = true;
        this.notify();
    }
    /** Forgets every byte not read yet (what arrived before a TLS upgrade must not be read after it). */
    discard() {
        const dropped = this.take(this.size);
        return dropped;
    }
    /** The next line without its line ending (LF or CRLF), decoded as UTF-8. */
    async readLine() {
        const bytes = await this.readUntil(Buffer.from('\n'));
        const end = bytes.length >= 2 && bytes[bytes.length - 2] === 0x0d ? bytes.length - 2 : bytes.length - 1;
        return bytes.subarray(0, end).toString('utf8');
    }
    /** Exactly `count` bytes. */
    async readBytes(count) {
        while (this.size < count)
            await this.more();
        return this.take(count);
    }
    /** Every byte up to and including the first occurrence of `marker`. */
    async readUntil(marker) {
        let from = 0;
        for (;;) {
            const all = this.peek();
            const index = all.indexOf(marker, from);
            if (index >= 0)
                return this.take(index + marker.length);
            from = Math.max(0, all.length - marker.length + 1);
            await this.more();
        }
    }
    peek() {
        if (this.chunks.length > 1)
            this.chunks = [Buffer.concat(this.chunks)];
        return this.chunks[0] ?? Buffer.alloc(0);
    }
    take(count) {
        const all = this.peek();
        const head = all.subarray(0, count);
        const rest = all.subarray(count);
        this.chunks = rest.length > 0 ? [rest] : [];
        this.size = rest.length;
        return Buffer.from(head);
    }
    async more() {
        if (this.ended)
            throw new PeerClosedError();
        await new Promise((resolve) => {
            this.wake = resolve;
        });
    }
    notify() {
        const wake = this.wake;
        this.wake = undefined;
        wake?.();
    }
}
//# sourceMappingURL=byte-reader.js.map