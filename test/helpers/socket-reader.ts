/** Reads what a peer sends on a socket, for scripted servers that must keep up with long runs. */
import type net from 'node:net';
import { PeerClosedError } from './byte-reader.js';

const CRLF = Buffer.from('\r\n');

/** Reads from a socket: lines, byte counts, or up to a marker, waiting for data as needed. */
export class SocketReader {
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  private wake?: () => void;

  constructor(socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.notify();
    });
    socket.on('close', () => {
      this.ended = true;
      this.notify();
    });
  }

  /** Bytes that arrived and were not read yet. */
  get available(): number {
    return this.buffer.length;
  }

  async readLine(): Promise<string> {
    return (await this.readUntil(CRLF, true)).toString('utf8');
  }

  /** Bytes up to and including `marker` (excluded from the result when `dropMarker`). */
  async readUntil(marker: Buffer, dropMarker = false): Promise<Buffer> {
    let scanFrom = 0;
    for (;;) {
      const at = this.buffer.indexOf(marker, scanFrom);
      if (at !== -1) return this.take(at + marker.length, dropMarker ? marker.length : 0);
      // Only the last bytes could start a marker that the next chunk completes.
      scanFrom = Math.max(0, this.buffer.length - marker.length + 1);
      await this.more();
    }
  }

  /** Puts bytes back in front of the unread ones. */
  unshift(bytes: Buffer): void {
    this.buffer = Buffer.concat([bytes, this.buffer]);
  }

  async readBytes(count: number): Promise<Buffer> {
    while (this.buffer.length < count) await this.more();
    return this.take(count, 0);
  }

  /** Waits until at least one unread byte is there. */
  async waitForData(): Promise<void> {
    while (this.buffer.length === 0) await this.more();
  }

  private take(count: number, trim: number): Buffer {
    const out = this.buffer.subarray(0, count - trim);
    this.buffer = this.buffer.subarray(count);
    return out;
  }

  private async more(): Promise<void> {
    if (this.ended) throw new PeerClosedError();
    await new Promise<void>((resolve) => (this.wake = resolve));
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
