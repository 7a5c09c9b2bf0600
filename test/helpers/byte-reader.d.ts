/** Buffered reads (lines, counted bytes, up to a marker) over chunks pushed from a socket, for scripted servers. */
/** Thrown by reads when the peer closed before the wanted bytes arrived; scripts treat it as a normal end. */
export declare class PeerClosedError extends Error {
    constructor();
}
/** Collects incoming chunks and hands them out as lines or byte counts, waiting when not enough arrived yet. */
export declare class ByteReader {
    private chunks;
    private size;
    private ended;
    private wake;
    push(chunk: Buffer): void;
    end(): void;
    /** Forgets every byte not read yet (what arrived before a TLS upgrade must not be read after it). */
    discard(): Buffer;
    /** The next line without its line ending (LF or CRLF), decoded as UTF-8. */
    readLine(): Promise<string>;
    /** Exactly `count` bytes. */
    readBytes(count: number): Promise<Buffer>;
    /** Every byte up to and including the first occurrence of `marker`. */
    readUntil(marker: Buffer): Promise<Buffer>;
    private peek;
    private take;
    private more;
    private notify;
}
