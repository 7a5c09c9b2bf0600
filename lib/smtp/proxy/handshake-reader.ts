/** Reads a proxy's handshake replies from a socket, bounded, and gives back any bytes past them. */
import type { Duplex } from 'node:stream';
import { SmtpError } from '../../core/errors.js';
import { proxyError } from './proxy-errors.js';
import type { ProxyConfig } from './proxy-url.js';

/** Finds where a wanted reply ends in the bytes so far: its length, or -1 when more bytes are needed. */
export type ReplyEndFinder = (buffered: Buffer) => number;

interface PendingRead {
  findEnd: ReplyEndFinder;
  maxBytes: number;
  resolve: (reply: Buffer) => void;
  reject: (err: SmtpError) => void;
}

/**
 * Pulls bytes from a socket in paused mode ('readable' + read()) only while a read is pending, so a
 * proxy that talks too much is not buffered without bound and the stream is left unconsumed for the
 * next owner. `release()` detaches and unshifts bytes that arrived after the last reply (e.g. the SMTP
 * greeting in the same packet as the proxy's reply), so they are not lost.
 */
export class HandshakeReader {
  private buffered: Buffer = Buffer.alloc(0);
  private pending: PendingRead | undefined;
  private failure: SmtpError | undefined;

  constructor(
    private readonly socket: Duplex,
    private readonly proxy: ProxyConfig,
  ) {
    socket.on('readable', this.onReadable);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  /** Resolves exactly `length` bytes. */
  readExactly(length: number): Promise<Buffer> {
    return this.read((buffered) => (buffered.length >= length ? length : -1), length);
  }

  /**
   * Resolves the bytes up to and including the end `findEnd` reports.
   *
   * @throws SmtpError `EPROXY` when `maxBytes` arrive without an end, or the proxy closes first.
   */
  read(findEnd: ReplyEndFinder, maxBytes: number): Promise<Buffer> {
    if (this.pending) throw new Error('HandshakeReader: one read at a time');
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Buffer>((resolve, reject) => {
      this.pending = { findEnd, maxBytes, resolve, reject };
      this.pull();
    });
  }

  /** Stops reading and puts unread bytes back at the head of the socket's stream. */
  release(): void {
    this.socket.off('readable', this.onReadable);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    if (this.buffered.length > 0) this.socket.unshift(this.buffered);
    this.buffered = Buffer.alloc(0);
  }

  private readonly onReadable = (): void => {
    this.pull();
  };

  private readonly onEnd = (): void => {
    this.fail(proxyError(this.proxy, 'closed the connection during the handshake'));
  };

  private readonly onError = (err: Error): void => {
    // The connect timeout destroys the socket with its own SmtpError: keep that one.
    this.fail(err instanceof SmtpError ? err : proxyError(this.proxy, `connection failed during the handshake: ${err.message}`, err));
  };

  private pull(): void {
    while (this.pending && !this.settlePending()) {
      const chunk = this.socket.read() as Buffer | null;
      if (chunk === null) return;
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    }
  }

  /** Settles the pending read if the buffer holds its reply or is over its bound; true when settled. */
  private settlePending(): boolean {
    const pending = this.pending;
    if (!pending) return true;
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

  private fail(err: SmtpError): void {
    this.failure ??= err;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(this.failure);
  }
}
