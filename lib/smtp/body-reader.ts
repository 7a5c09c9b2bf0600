/** Reads the encoded message body: a bounded read-ahead, then the rest as a stream, in plain or sized chunks. */
import type { Readable } from 'node:stream';
import { type SmtpError, toSmtpError } from '../core/errors.js';
import { DataEncoder, DataStreamEncoder, type DataStreamOptions } from './data-stream.js';

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

  private readonly source?: Readable;
  /** The stream's encoder; none for content held in memory, which is encoded at once without a stream. */
  private readonly encoder?: DataStreamEncoder;
  /** What counts the encoded bytes and stuffed dots: the stream's encoder, or the one that encoded it all. */
  private readonly counter: { readonly stuffedDots: number };
  private isPiped = false;

  /**
   * @param content a stream, or (a small message held in memory) its chunks, encoded at once
   * @param options how the content is encoded (dot-stuffing for DATA)
   */
  constructor(content: Readable | Buffer[], options: DataStreamOptions) {
    if (Array.isArray(content)) {
      const encoder = new DataEncoder(options);
      this.counter = encoder;
      this.buffered = encoder.encodeAll(content);
      this.bufferedBytes = this.totalBytes = encoder.bytes;
      this.isComplete = true;
      this.iterator = EMPTY_ITERATOR;
      return;
    }
    const encoder = new DataStreamEncoder(options);
    this.encoder = this.counter = encoder;
    const source = content;
    this.source = source;
    source.on('error', (err) => {
      this.failure = toSmtpError(err, 'ESTREAM', { phase: 'body' });
      encoder.destroy(this.failure);
    });
    encoder.on('error', () => source.destroy());
    // Piped on the first read, not here: a message refused before MAIL (its size known too large) reads nothing.
    this.iterator = encoder[Symbol.asyncIterator]();
  }

  /** The message's size as SIZE counts it (RFC 1870 §5: CRLF line ends, no stuffing dots), once complete. */
  get messageBytes(): number | undefined {
    return this.isComplete ? this.totalBytes - this.counter.stuffedDots : undefined;
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

  /** Hands over the read-ahead, as the chunks it was read in (written with one vectored write). */
  takeBuffered(): Buffer[] {
    const parts = this.buffered;
    this.buffered = [];
    this.bufferedBytes = 0;
    return parts;
  }

  /** Ends a read in progress with `err` (the connection failed) and releases the source. */
  abort(err: SmtpError): void {
    this.failure ??= err;
    if (!this.source) return; // content held in memory: nothing is being read
    this.source.destroy();
    // The pending read rejects with it (the encoder has error listeners when it streams).
    this.encoder?.destroy(err);
  }

  /** Stops reading and releases the source (files, sockets) without sending anything. */
  discard(): void {
    this.buffered = [];
    this.bufferedBytes = 0;
    this.source?.destroy();
    this.encoder?.destroy();
  }

  /** The read-ahead, then the rest of the body, chunk by chunk as the source yields it. */
  async *chunks(): AsyncGenerator<Buffer> {
    for (const part of this.takeBuffered()) yield part;
    for (let chunk = await this.next(); chunk !== undefined; chunk = await this.next()) yield chunk;
  }

  /**
   * The body in chunks of exactly `size` bytes (the last one may be shorter), each given as its parts (slices of
   * what the source yielded, never copied together) and flagged `last` when nothing follows (BDAT LAST). A full
   * chunk is held back until the next byte, or the end, shows whether it is the last.
   */
  async *sizedChunks(size: number): AsyncGenerator<{ parts: Buffer[]; bytes: number; last: boolean }> {
    let pending: { parts: Buffer[]; bytes: number } | undefined;
    let parts: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of this.chunks()) {
      let rest = chunk;
      while (rest.length > 0) {
        const take = Math.min(size - bytes, rest.length);
        parts.push(take === rest.length ? rest : rest.subarray(0, take));
        bytes += take;
        rest = rest.subarray(take);
        if (bytes < size) continue;
        if (pending) yield { ...pending, last: false };
        pending = { parts, bytes };
        parts = [];
        bytes = 0;
      }
    }
    if (bytes > 0) {
      if (pending) yield { ...pending, last: false };
      pending = { parts, bytes };
    }
    yield { ...(pending ?? { parts: [], bytes: 0 }), last: true };
  }

  private async next(): Promise<Buffer | undefined> {
    if (this.isComplete) return undefined;
    if (this.source && this.encoder && !this.isPiped) {
      this.isPiped = true;
      // pipe() with explicit error forwarding: stream.pipeline would cost an AbortController per message.
      this.source.pipe(this.encoder);
    }
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

/** The iterator of content read whole: there is nothing more (stateless, so one serves every reader). */
const EMPTY_ITERATOR: AsyncIterator<Buffer> = { next: async () => ({ done: true, value: undefined }) };
