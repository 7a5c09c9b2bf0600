/** Passes bytes through unchanged while checking the 998-octet line limit (RFC 5322 §2.1.1), streamed. */
import type { Transform } from 'node:stream';
import { SmtpError } from '../../core/errors.js';
import type { ChunkEncoder } from './chunk-transform.js';
import { encoderTransform } from './chunk-transform.js';
import { MAX_LINE_OCTETS } from '../../core/limits.js';

/**
 * Counts octets since the last CR or LF across chunks; used for `raw` messages and raw parts, which
 * are sent as given and so cannot be re-encoded to fit.
 * @throws SmtpError EMESSAGE (from `update`) at the first line over 998 octets.
 */
export class LineLengthGuard implements ChunkEncoder {
  private column = 0;

  constructor(private readonly what: string) {}

  update(chunk: Buffer): Buffer {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === 0x0d || byte === 0x0a) {
        this.column = 0;
      } else if (++this.column > MAX_LINE_OCTETS) {
        throw new SmtpError('EMESSAGE', `${this.what} has a line longer than ${MAX_LINE_OCTETS} octets (RFC 5322 §2.1.1)`);
      }
    }
    return chunk;
  }

  final(): Buffer {
    return Buffer.alloc(0);
  }
}

/** A Transform that fails with EMESSAGE on a line over 998 octets. */
export function createLineLengthGuard(what: string): Transform {
  return encoderTransform(new LineLengthGuard(what));
}
