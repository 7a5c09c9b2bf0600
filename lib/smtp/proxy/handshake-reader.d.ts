/** Reads a proxy's handshake replies from a socket, bounded, and gives back any bytes past them. */
import type { Duplex } from 'node:stream';
import type { ProxyConfig } from './proxy-url.js';
/** Finds where a wanted reply ends in the bytes so far: its length, or -1 when more bytes are needed. */
export type ReplyEndFinder = (buffered: Buffer) => number;
/**
 * Pulls bytes from a socket in paused mode ('readable' + read()) only while a read is pending, so a
 * proxy that talks too much is not buffered without bound and the stream is left unconsumed for the
 * next owner. `release()` detaches and unshifts bytes that arrived after the last reply (e.g. the SMTP
 * greeting in the same packet as the proxy's reply), so they are not lost.
 */
export declare class HandshakeReader {
    private readonly socket;
    private readonly proxy;
    private buffered;
    private pending;
    private failure;
    constructor(socket: Duplex, proxy: ProxyConfig);
    /** Resolves exactly `length` bytes. */
    readExactly(length: number): Promise<Buffer>;
    /**
     * Resolves the bytes up to and including the end `findEnd` reports.
     *
     * @throws SmtpError `EPROXY` when `maxBytes` arrive without an end, or the proxy closes first.
     */
    read(findEnd: ReplyEndFinder, maxBytes: number): Promise<Buffer>;
    /** Stops reading and puts unread bytes back at the head of the socket's stream. */
    release(): void;
    private readonly onReadable;
    private readonly onEnd;
    private readonly onError;
    private pull;
    /** Settles the pending read if the buffer holds its reply or is over its bound; true when settled. */
    private settlePending;
    private fail;
}
