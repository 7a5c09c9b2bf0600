/** Reads the encoded message body: a bounded read-ahead, then the rest as a stream, in plain or sized chunks. */
import { pipeline, type Readable } from 'node:stream';
import { SmtpError, toSmtpError } from './errors.js';
import type { DataStreamEncoder } from './data-stream.js';

/**
 * Pulls bytes from `source` through `encoder`. The read-ahead lets a small message's size be known before
 * MAIL (SIZE, one-write BDAT) without ever holding more than the read-ahead of a large one.
 */
export class BodyReader {
  private buffered: Buffer[] = [];
  /** Bytes currently held in the read-ahead. */
  bufferedBytes = 0;
  /** Bytes read so far in all. */
  totalBytes = 0;
  /** The whole body has been read (it fits in the read-ahead). */
  isComplete = false;
  private readonly iterator: AsyncIterator<Buffer>;
  private failure?: SmtpError;

  constructor(
    private readonly source: Readable,
    private readonly encoder: DataStreamEncoder,
  ) {
    pipeline(source, encoder, (err) => {
      if (err) this.failure = toSmtpError(err, 'ESTREAM', { phase: 'body' });
    });
    this.iterator = encoder[Symbol.asyncIterator]();
  }

  /** Reads until `limit` bytes are held or the body ends. */
  async prefetch(limit: number): Promise<void> {
    while (this.bufferedBytes < limit && !this.isComplete) {
      const chunk = await this.next();
      if (chunk === undefined) break;
      this.buffered.push(chunk);
      this.bufferedBytes += chunk.length;
    }
  }

  /** Hands over the read-ahead as one buffer. */
  takeBuffered(): Buffer {
    const all = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered, this.bufferedBytes);
    this.buffered = [];
    this.bufferedBytes = 0;
    return all;
  }

  /** Stops reading and releases the source (files, sockets) without sending anything. */
  discard(): void {
    this.buffered = [];
    this.bufferedBytes = 0;
    this.source.destroy();
    this.encoder.destroy();
  }

  /** The read-ahead, then the rest of the body, chunk by chunk as the source yields it. */
  async *chunks(): AsyncGenerator<Buffer> {
    if (this.bufferedBytes > 0) yield this.takeBuffered();
    for (let chunk = await this.next(); chunk !== undefined; chunk = await this.next()) yield chunk;
  }

  /** The body in chunks of about `size` bytes, each flagged `last` when nothing follows (BDAT LAST). */
  async *sizedChunks(size: number): AsyncGenerator<{ chunk: Buffer; last: boolean }> {
    let pending: Buffer | undefined;
    let parts: Buffer[] = [];
    let partsBytes = 0;
    for await (const chunk of this.chunks()) {
      parts.push(chunk);
      partsBytes += chunk.length;
      if (partsBytes < size) continue;
      if (pending) yield { chunk: pending, last: false };
      pending = Buffer.concat(parts, partsBytes);
      parts = [];
      partsBytes = 0;
    }
    if (partsBytes > 0) {
      if (pending) yield { chunk: pending, last: false };
      pending = Buffer.concat(parts, partsBytes);
    }
    yield { chunk: pending ?? Buffer.alloc(0), last: true };
  }

  private async next(): Promise<Buffer | undefined> {
    if (this.isComplete) return undefined;
    let result: IteratorResult<Buffer>;
    try {
      result = await this.iterator.next();
    } catch (err) {
      throw this.failure ?? toSmtpError(err, 'ESTREAM', { phase: 'body' });
    }
    if (this.failure) throw this.failure;
    if (result.done) {
      this.isComplete = true;
      return undefined;
    }
    this.totalBytes += result.value.length;
    return result.value;
  }
}
