import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { LineLengthGuard } from '../../lib/mime/encoders/line-limit.js';
import { SmtpError } from '../../lib/core/errors.js';

const MAX_LINE_OCTETS = 998;

/** The model: the longest run of octets between line breaks (CR or LF). */
function longestLine(bytes: Buffer): number {
  return Math.max(0, ...bytes.toString('latin1').split(/[\r\n]/).map((line) => line.length));
}

function splitAt(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [0, ...offsets.map((cut) => cut % (bytes.length + 1)).sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

/** Passes the chunks through a guard: the bytes unchanged, or the code it refused them with. */
function guard(chunks: Buffer[]): { bytes: Buffer } | { error: string } {
  const checker = new LineLengthGuard('raw message');
  try {
    const out = chunks.map((chunk) => checker.update(chunk));
    return { bytes: Buffer.concat([...out, checker.final()]) };
  } catch (err) {
    if (!(err instanceof SmtpError)) throw err;
    return { error: err.code };
  }
}

describe('line-limit properties', () => {
  it('passes content through unchanged when every line is at most 998 octets and refuses it otherwise, however split', () => {
    const line = fc.record({
      length: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: MAX_LINE_OCTETS - 3, max: MAX_LINE_OCTETS + 3 })),
      ending: fc.constantFrom('\r\n', '\n', '\r', '\r\r\n'),
      multibyte: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 10 }), (lines, offsets) => {
        // 'é' is two octets in UTF-8: the limit counts octets, not characters.
        const text = lines.map(({ length, ending, multibyte }) => (multibyte ? 'é'.repeat(length >> 1) + 'x'.repeat(length & 1) : 'x'.repeat(length)) + ending).join('');
        const bytes = Buffer.from(text, 'utf8');
        const result = guard(splitAt(bytes, offsets));
        // Compared as a summary: deep equality of kilobyte Buffers is slow.
        const summary = 'bytes' in result ? { unchanged: result.bytes.equals(bytes) } : result;
        expect(summary).toEqual(longestLine(bytes) <= MAX_LINE_OCTETS ? { unchanged: true } : { error: 'EMESSAGE' });
      }),
      { numRuns: 150 },
    );
  });
});
