/** The message body on its way to the socket: CRLF line endings, dot-stuffing, byte count. */
import { Transform, type TransformCallback } from 'node:stream';

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const CRLF = Buffer.from('\r\n');
const DOT_BUFFER = Buffer.from('.');
const EMPTY = Buffer.alloc(0);

export interface DataStreamOptions {
  /** Double a dot at the start of a line (DATA, RFC 5321 §4.5.2); off for BDAT (RFC 3030 §2). */
  dotStuff: boolean;
}

/**
 * Normalises `\r\n`, bare `\r` and bare `\n` to CRLF, so that no `<LF>.<LF>`-style sequence can end DATA
 * early on a lenient server (SMTP smuggling, CERT VU#302671); then dot-stuffs. State is carried across chunks:
 * a CR ending one chunk and a dot starting the next are handled as if the input were one buffer.
 * The output always ends with CRLF; the terminating `.CRLF` (or the last BDAT) is the connection's job.
 * The encoding itself, without stream machinery: {@link DataStreamEncoder} is the same as a Transform.
 */
export class DataEncoder {
  /** Octets emitted so far (after normalisation and stuffing). */
  bytes = 0;
  /** Dots doubled so far: a message's size leaves them out (RFC 1870 §5). */
  stuffedDots = 0;
  private atLineStart = true;
  /** The previous chunk ended in CR: its CRLF is already out, so a leading LF now is part of it. */
  private pendingCr = false;

  constructor(private readonly options: DataStreamOptions) {}

  /** Encodes content held in memory at once; the same bytes the stream gives. */
  encodeAll(chunks: Buffer[]): Buffer[] {
    const out: Buffer[] = [];
    for (const chunk of chunks) {
      const encoded = this.encodeChunk(chunk);
      if (encoded.length > 0) out.push(encoded);
    }
    const tail = this.finish();
    if (tail.length > 0) out.push(tail);
    return out;
  }

  /** One chunk, encoded with the state the previous ones left. */
  encodeChunk(input: Buffer): Buffer {
    const output = this.encode(input);
    this.bytes += output.length;
    return output;
  }

  /** The CRLF a body not ending in one needs. */
  finish(): Buffer {
    if (this.atLineStart) return EMPTY;
    this.atLineStart = true;
    this.bytes += CRLF.length;
    return CRLF;
  }

  private encode(input: Buffer): Buffer {
    // An empty chunk changes nothing; in particular a CR pending from the last chunk still waits for its LF.
    if (input.length === 0) return input;
    const parts: Buffer[] = [];
    let segmentStart = 0;
    let position = 0;
    if (this.pendingCr && input[0] === LF) {
      segmentStart = position = 1;
    }
    this.pendingCr = false;
    let nextCr = input.indexOf(CR, position);
    let nextLf = input.indexOf(LF, position);

    while (position < input.length) {
      if (this.atLineStart && this.options.dotStuff && input[position] === DOT) {
        parts.push(input.subarray(segmentStart, position), DOT_BUFFER);
        this.stuffedDots += 1;
        segmentStart = position;
      }
      this.atLineStart = false;
      if (nextCr !== -1 && nextCr < position) nextCr = input.indexOf(CR, position);
      if (nextLf !== -1 && nextLf < position) nextLf = input.indexOf(LF, position);
      const lineEnd = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextCr, nextLf);
      if (lineEnd === -1) break;
      this.atLineStart = true;
      if (input[lineEnd] === CR && input[lineEnd + 1] === LF) {
        position = lineEnd + 2; // already CRLF: keep it inside the current segment
        continue;
      }
      parts.push(input.subarray(segmentStart, lineEnd), CRLF);
      if (input[lineEnd] === CR && lineEnd === input.length - 1) this.pendingCr = true;
      position = segmentStart = lineEnd + 1;
    }
    if (segmentStart === 0 && parts.length === 0) return input;
    parts.push(input.subarray(segmentStart));
    return Buffer.concat(parts);
  }
}

/** {@link DataEncoder} as a Transform, for content read as a stream. */
export class DataStreamEncoder extends Transform {
  private readonly encoder: DataEncoder;

  constructor(options: DataStreamOptions) {
    super();
    this.encoder = new DataEncoder(options);
  }

  /** Octets emitted so far (after normalisation and stuffing). */
  get bytes(): number {
    return this.encoder.bytes;
  }

  /** Dots doubled so far: a message's size leaves them out (RFC 1870 §5). */
  get stuffedDots(): number {
    return this.encoder.stuffedDots;
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      const output = this.encoder.encodeChunk(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      if (output.length > 0) this.push(output);
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    const tail = this.encoder.finish();
    if (tail.length > 0) this.push(tail);
    callback();
  }

  /** Encodes content held in memory at once, without the stream machinery; the same bytes the stream gives. */
  encodeAll(chunks: Buffer[]): Buffer[] {
    return this.encoder.encodeAll(chunks);
  }
}
