/** Splits a whole message, as it streams, into its header block (kept) and its body (hashed, not kept). */
import { Transform, type TransformCallback } from 'node:stream';
import { SmtpError } from '../../core/errors.js';
import { createBodyHasher } from './body-hash.js';

/** A header block larger than this is refused rather than held in memory. */
export const MAX_HEADER_BLOCK_BYTES = 1024 * 1024;

const CR = 0x0d;
const LF = 0x0a;

/** What signing needs from a message: its header block and the hash of its body. */
export interface MessageDigest {
  /** The bytes before the blank line that ends the header (the last field's line break included). */
  headerBlock: Buffer;
  /** base64 SHA-256 of the relaxed-canonical body. */
  bodyHash: string;
}

/**
 * Feeds a whole message in chunks and finds the blank line that ends its header block, counting line
 * breaks as the data stream sends them (CRLF, bare CR or bare LF each end a line). Without a blank
 * line the whole message is header and the body is empty.
 */
export class MessageHasher {
  private readonly headerChunks: Buffer[] = [];
  private headerBytes = 0;
  private inHeader = true;
  private atLineStart = true;
  private afterCR = false;
  /** The blank line ended with CR: an LF right after it belongs to it, not to the body. */
  private skipLeadingLF = false;
  private readonly body = createBodyHasher();

  /** @throws SmtpError `EMESSAGE` when the header block passes {@link MAX_HEADER_BLOCK_BYTES}. */
  update(chunk: Buffer): void {
    let start = 0;
    if (this.inHeader) {
      const end = this.findHeaderEnd(chunk);
      this.keepHeader(end === undefined ? chunk : chunk.subarray(0, end.headerEnd));
      if (end === undefined) return;
      start = end.bodyStart;
    }
    if (this.skipLeadingLF && start < chunk.length) {
      if (chunk[start] === LF) start += 1;
      this.skipLeadingLF = false;
    }
    if (start < chunk.length) this.body.update(start === 0 ? chunk : chunk.subarray(start));
  }

  /** Ends the message. Call once, after the last update. */
  digest(): MessageDigest {
    return { headerBlock: Buffer.concat(this.headerChunks, this.headerBytes), bodyHash: this.body.digest() };
  }

  /** Where the header ends in this chunk (the blank line's start, and the body's start), if it does. */
  private findHeaderEnd(chunk: Buffer): { headerEnd: number; bodyStart: number } | undefined {
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i];
      if (byte === LF && this.afterCR) {
        this.afterCR = false;
      } else if (byte === CR || byte === LF) {
        if (this.atLineStart) {
          this.inHeader = false;
          this.skipLeadingLF = byte === CR;
          return { headerEnd: i, bodyStart: i + 1 };
        }
        this.atLineStart = true;
        this.afterCR = byte === CR;
      } else {
        this.atLineStart = false;
        this.afterCR = false;
      }
    }
    return undefined;
  }

  private keepHeader(part: Buffer): void {
    this.headerBytes += part.length;
    if (this.headerBytes > MAX_HEADER_BLOCK_BYTES) {
      throw new SmtpError('EMESSAGE', `the message header block is over ${MAX_HEADER_BLOCK_BYTES} bytes; it cannot be DKIM-signed`);
    }
    if (part.length > 0) this.headerChunks.push(Buffer.from(part));
  }
}

/**
 * A pass-through Transform that hashes the message flowing through it; after 'finish', `result()`
 * gives the header block and body hash. Useful when the bytes are written somewhere anyway (e.g.
 * to a spool) and signing happens once they are all through.
 */
export class DkimHashingStream extends Transform {
  private readonly hasher = new MessageHasher();
  private digested: MessageDigest | undefined;

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      this.hasher.update(bytes);
      callback(null, bytes);
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    this.digested = this.hasher.digest();
    callback();
  }

  /** The header block and body hash; only after the stream has finished. */
  result(): MessageDigest {
    if (!this.digested) throw new Error('DkimHashingStream.result() called before the stream finished');
    return this.digested;
  }
}
