/** Text line breaks to CRLF (RFC 2046 §4.1.1 canonical form), streamed. */
import type { Transform } from 'node:stream';
import type { ChunkEncoder } from './chunk-transform.js';
import { encoderTransform } from './chunk-transform.js';

const CR = 0x0d;
const LF = 0x0a;

/**
 * Maps CRLF, lone CR and lone LF to CRLF. A CR ending one chunk is remembered so that a CRLF split
 * across two chunks stays one line break.
 */
export class LineBreakNormalizer implements ChunkEncoder {
  private afterCr = false;
  /** Scratch space reused across chunks. */
  private scratch: Buffer = Buffer.alloc(0);

  update(chunk: Buffer): Buffer {
    if (chunk.indexOf(0x0d) < 0 && chunk.indexOf(0x0a) < 0) {
      this.afterCr = false;
      return chunk;
    }
    if (this.scratch.length < chunk.length * 2) this.scratch = Buffer.allocUnsafe(chunk.length * 2);
    const out = this.scratch;
    let length = 0;
    let position = 0;
    // The LF of a CRLF split across chunks: its CRLF is out already.
    if (this.afterCr && chunk[0] === LF) position = 1;
    this.afterCr = false;
    let isUnchanged = position === 0;
    // Line by line with native searches, copying the text between line breaks whole.
    let nextCr = chunk.indexOf(CR, position);
    let nextLf = chunk.indexOf(LF, position);
    while (position < chunk.length) {
      if (nextCr !== -1 && nextCr < position) nextCr = chunk.indexOf(CR, position);
      if (nextLf !== -1 && nextLf < position) nextLf = chunk.indexOf(LF, position);
      const lineEnd = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextCr, nextLf);
      const textEnd = lineEnd === -1 ? chunk.length : lineEnd;
      length += chunk.copy(out, length, position, textEnd);
      if (lineEnd === -1) break;
      out[length++] = CR;
      out[length++] = LF;
      if (chunk[lineEnd] === CR && chunk[lineEnd + 1] === LF) {
        position = lineEnd + 2;
        continue;
      }
      // A lone CR or LF became CRLF; a CR at the very end may yet meet its LF in the next chunk.
      isUnchanged = false;
      if (chunk[lineEnd] === CR && lineEnd === chunk.length - 1) this.afterCr = true;
      position = lineEnd + 1;
    }
    // Already CRLF throughout: the input itself, no copy.
    if (isUnchanged) return chunk;
    return Buffer.from(out.subarray(0, length));
  }

  final(): Buffer {
    this.afterCr = false;
    return Buffer.alloc(0);
  }
}

/** A Transform normalising line breaks to CRLF. */
export function createLineBreakNormalizer(): Transform {
  return encoderTransform(new LineBreakNormalizer());
}
