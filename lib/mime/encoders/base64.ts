/** Base64 content transfer encoding (RFC 2045 §6.8) with 76-character lines, streamed. */
import type { ChunkEncoder } from './chunk-transform.js';
import { encoderTransform } from './chunk-transform.js';
import type { Transform } from 'node:stream';

/** RFC 2045 §6.8: encoded lines are no more than 76 characters. */
const LINE_CHARS = 76;

/**
 * Base64 with CRLF every 76 characters. Carries the 0-2 bytes that do not fill a 3-byte group and the
 * position in the current line across chunks, so output does not depend on how input was split.
 * No CRLF follows the last line: the multipart delimiter supplies it (RFC 2046 §5.1.1).
 */
export class Base64Encoder implements ChunkEncoder {
  private rest: Buffer = Buffer.alloc(0);
  private column = 0;

  update(chunk: Buffer): Buffer {
    const input = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    const usable = input.length - (input.length % 3);
    this.rest = Buffer.from(input.subarray(usable));
    return usable > 0 ? this.wrap(input.subarray(0, usable).toString('base64')) : Buffer.alloc(0);
  }

  final(): Buffer {
    const out = this.rest.length > 0 ? this.wrap(this.rest.toString('base64')) : Buffer.alloc(0);
    this.rest = Buffer.alloc(0);
    return out;
  }

  private wrap(text: string): Buffer {
    let out = '';
    let offset = 0;
    while (offset < text.length) {
      if (this.column === LINE_CHARS) {
        out += '\r\n';
        this.column = 0;
      }
      const take = Math.min(LINE_CHARS - this.column, text.length - offset);
      out += text.slice(offset, offset + take);
      offset += take;
      this.column += take;
    }
    return Buffer.from(out, 'latin1');
  }
}

/** A Transform encoding its input as base64 lines. */
export function createBase64Encoder(): Transform {
  return encoderTransform(new Base64Encoder());
}
