import { SmtpError } from '../../core/errors.js';
import { proxyError } from './proxy-errors.js';
/**
 * Pulls bytes from a socket in paused mode ('readable' + read()) only while a read is pending, so a
 * proxy that talks too much is not buffered without bound and the stream is left unconsumed for the
 * next owner. `release()` detaches and unshifts bytes that arrived after the last reply (e.g. the SMTP
 * greeting in the same packet as the proxy's reply), so they are not lost.
 */
export class HandshakeReader {
    socket;
    proxy;
    buffered = Buffer.alloc(0);
    pending;
    failure;
    constructor(socket, proxy) {
        this.socket = socket;
        this.proxy = proxy;
        socket.on('readable', this.onReadable);
        socket.on('end', this.onEnd);
        socket.on('close', this.onEnd);
        socket.on('error', this.onError);
    }
    /** Resolves exactly `length` bytes. */
    readExactly(length) {
        return this.read((buffered) => (buffered.length >= length ? length : -1), length);
    }
    /**
     * Resolves the bytes up to and including the end `findEnd` reports.
     *
     * @throws SmtpError `EPROXY` when `maxBytes` arrive without an end, or the proxy closes first.
     */
    read(findEnd, maxBytes) {
        if (this.pending)
            throw new Error('HandshakeReader: one read at a time');
        if (this.failure)
            return Promise.reject(this.failure);
        return new Promise((resolve, reject) => {
            this.pending = { findEnd, maxBytes, resolve, reject };
            this.pull();
        });
    }
    /** Stops reading and puts unread bytes back at the head of the socket's stream. */
    release() {
        this.socket.off('readable', this.onReadable);
        this.socket.off('end', this.onEnd);
        this.socket.off('close', this.onEnd);
        this.socket.off('error', this.onError);
        if (this.buffered.length > 0)
            this.socket.unshift(this.buffered);
        this.buffered = Buffer.alloc(0);
    }
    onReadable = () => {
        this.pull();
    };
    onEnd = () => {
        this.fail(proxyError(this.proxy, 'closed the connection during the handshake'));
    };
    onError = (err) => {
        // The connect timeout destroys the socket with its own SmtpError: keep that one.
        this.fail(err instanceof SmtpError ? err : proxyError(this.proxy, `connection failed during the handshake: ${err.message}`, err));
    };
    pull() {
        while (this.pending && !this.settlePending()) {
            const chunk = this.socket.read();
            if (chunk === null)
                return;
            this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
        }
    }
    /** Settles the pending read if the buffer holds its reply or is over its bound; true when settled. */
    settlePending() {
        const pending = this.pending;
        if (!pending)
            return true;
        const end = pending.findEnd(this.buffered.subarray(0, pending.maxBytes));
        if (end >= 0) {
            const reply = this.buffered.subarray(0, end);
            this.buffered = this.buffered.subarray(end);
            this.pending = undefined;
            pending.resolve(reply);
            return true;
        }
        if (this.buffered.length >= pending.maxBytes) {
            this.fail(proxyError(this.proxy, `sent ${pending.maxBytes} bytes without completing its reply`));
            return true;
        }
        return false;
    }
    fail(err) {
        this.failure ??= err;
        const pending = this.pending;
        this.pending = undefined;
        pending?.reject(this.failure);
    }
}
//# sourceMappingURL=handshake-reader.js.map