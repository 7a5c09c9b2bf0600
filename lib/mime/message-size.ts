/** The exact size of a composed message as the server counts it, computed without reading any stream. */
import { stat } from 'node:fs/promises';
import { Base64Encoder } from './encoders/base64.js';
import { LineBreakNormalizer } from './encoders/line-breaks.js';
import { encodedBufferChunks, renderPieces, type ContentPiece, type MimeNode, type RenderOptions } from './render-tree.js';

const CR = 0x0d;
const LF = 0x0a;
/** RFC 2045 §6.8: base64 lines of 76 characters. */
const BASE64_LINE_CHARS = 76;
/** A header block longer than this is not looked for (DKIM refuses one as large, MAX_HEADER_BLOCK_BYTES). */
const MAX_HEADER_BLOCK_BYTES = 1024 * 1024;

/** A message's size, with what a DKIM signature's length depends on. */
export interface MessageMeasure {
  /**
   * Octets as the server counts them (RFC 1870 §5): every line break as CRLF, a final CRLF when the content
   * does not end in one, no dot-stuffing. What `compose` gives after the data stream's normalisation.
   */
  size: number;
  /** The bytes before the blank line that ends the header (as DKIM signing sees them); undefined when not in memory. */
  headerBlock?: Buffer;
}

/**
 * Octets of base64 for `length` input octets, as Base64Encoder writes it: 4 characters for every 3 octets
 * (the last group padded), CRLF between 76-character lines and none after the last.
 */
export function base64Length(length: number): number {
  const chars = 4 * Math.ceil(length / 3);
  return chars === 0 ? 0 : chars + 2 * Math.floor((chars - 1) / BASE64_LINE_CHARS);
}

/**
 * Counts octets as the data stream sends them: CRLF, a bare CR and a bare LF each become CRLF (state carried
 * across chunks, as the encoder does), and a message not ending in a line break gets one.
 */
export class WireCounter {
  /** Octets so far, without the final CRLF that {@link total} may add. */
  octets = 0;
  private afterCr = false;
  private atLineStart = true;

  add(chunk: Buffer): void {
    if (chunk.length === 0) return;
    let extra = 0;
    let start = 0;
    if (this.afterCr && chunk[0] === LF) {
      // The CR ending the last chunk was counted as a whole CRLF already.
      extra = -1;
      start = 1;
    }
    let cr = chunk.indexOf(CR, start);
    let lf = chunk.indexOf(LF, start);
    while (cr !== -1 || lf !== -1) {
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        if (lf === cr + 1) lf = chunk.indexOf(LF, lf + 1);
        else extra += 1;
        cr = chunk.indexOf(CR, cr + 1);
      } else {
        extra += 1;
        lf = chunk.indexOf(LF, lf + 1);
      }
    }
    this.octets += chunk.length + extra;
    const last = chunk[chunk.length - 1];
    this.afterCr = last === CR;
    this.atLineStart = last === CR || last === LF;
  }

  /** Adds encoded text whose line breaks are all CRLF and whose last octet is none (base64). */
  addLineBreakFree(length: number): void {
    if (length === 0) return;
    this.octets += length;
    this.afterCr = false;
    this.atLineStart = false;
  }

  total(): number {
    return this.octets + (this.atLineStart ? 0 : 2);
  }
}

/** Collects the leading bytes of a message until the blank line that ends its header block. */
class HeaderBlockFinder {
  private readonly parts: Buffer[] = [];
  private bytes = 0;
  private isDone = false;
  block?: Buffer;

  add(chunk: Buffer): void {
    if (this.isDone) return;
    this.parts.push(chunk);
    this.bytes += chunk.length;
    const text = Buffer.concat(this.parts, this.bytes);
    // A line break at the start of a line (or of the message) is the blank line (RFC 5322 §2.1); line breaks
    // are counted as the data stream sends them, so a CR followed by LF is one.
    const blank = /(^|\r\n|\r(?!\n)|\n)(\r\n|\r|\n)/.exec(text.toString('latin1'));
    if (blank) this.block = text.subarray(0, blank.index + blank[1]!.length);
    if (blank || this.bytes > MAX_HEADER_BLOCK_BYTES) this.done();
  }

  /** Content whose bytes are not at hand came first: the header block stays unknown. */
  done(): void {
    this.isDone = true;
    this.parts.length = 0;
  }
}

/**
 * Octets of a file by stat, or undefined when it is not a regular file (a FIFO, a device) or cannot be stat'ed.
 * A file that changes between this stat and its reading (or a pseudo-file reporting 0, as under /proc) makes the
 * declared SIZE wrong; the server then decides on the bytes it gets, as it would without SIZE, and BDAT chunk
 * counts are always those of the bytes sent.
 */
async function fileLength(path: string): Promise<number | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    // Reading it will fail with its own error, where the engine reports stream failures.
    return undefined;
  }
}

/** Counts one part's encoded content; false when its length cannot be known without reading it. */
async function addContent(piece: ContentPiece, counter: WireCounter, header: HeaderBlockFinder): Promise<boolean> {
  const isBase64 = piece.chain[piece.chain.length - 1] instanceof Base64Encoder;
  const normalises = piece.chain[0] instanceof LineBreakNormalizer;
  const { source } = piece;
  if (isBase64) {
    let length: number | undefined;
    if (source.kind === 'buffer') {
      const normalised = new WireCounter();
      if (normalises) normalised.add(source.data);
      length = normalises ? normalised.octets : source.data.length;
    } else if (source.kind === 'file' && !normalises) {
      length = await fileLength(source.path);
    }
    if (length === undefined) return false;
    header.done();
    counter.addLineBreakFree(base64Length(length));
    return true;
  }
  // Quoted-printable, 7bit, 8bit and as-is content: its length depends on every octet, so content in memory
  // is encoded once and counted (the same encoders the message goes through); anything else is unknown.
  if (source.kind !== 'buffer') return false;
  for (const chunk of encodedBufferChunks(source.data, piece.chain)) {
    counter.add(chunk);
    header.add(chunk);
  }
  return true;
}

/**
 * Measures what `renderNode(node, options, prefix, omit)` gives, without reading any stream: headers and
 * boundaries as rendered; strings and Buffers encoded once and counted (base64 by arithmetic); a file by
 * `stat` when it is base64-encoded as it is (an attachment). Undefined when a part is a stream, a URL, or a
 * file whose encoded length depends on its content (text, quoted-printable, a raw part).
 * @throws SmtpError EMESSAGE where rendering would (a header this server cannot take, a raw line over 998 octets).
 */
export async function measureNode(node: MimeNode, options: RenderOptions, prefix = '', omit?: Set<string>): Promise<MessageMeasure | undefined> {
  const counter = new WireCounter();
  const header = new HeaderBlockFinder();
  for (const piece of renderPieces(node, options, prefix, omit)) {
    if (Buffer.isBuffer(piece)) {
      counter.add(piece);
      header.add(piece);
    } else if (!(await addContent(piece, counter, header))) {
      return undefined;
    }
  }
  return { size: counter.total(), ...(header.block ? { headerBlock: header.block } : {}) };
}
