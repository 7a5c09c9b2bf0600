import { describe, it, expect } from '@jest/globals';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { DataStreamEncoder } from '../../lib/smtp/data-stream.js';

const RUNS = { numRuns: 200 };

/**
 * The reference model: every line break (CRLF, bare CR, bare LF) becomes CRLF; with dot-stuffing a line
 * starting with a dot gets a second one (RFC 5321 §4.5.2); a last line without a break gets one.
 */
function model(input: string, dotStuff: boolean): string {
  const lines = input.split(/\r\n|\r|\n/);
  const last = lines.pop() as string;
  const stuff = (line: string): string => (dotStuff && line.startsWith('.') ? `.${line}` : line);
  return lines.map((line) => `${stuff(line)}\r\n`).join('') + (last === '' ? '' : `${stuff(last)}\r\n`);
}

/** Message content made of the pieces that matter: dots, every kind of line break, text and UTF-8. */
const content = fc
  .array(fc.constantFrom('.', '..', '\r', '\n', '\r\n', '\r\n.\r\n', '\n.\n', 'a', 'text ', 'é', '\u2028', 'MAIL FROM:<x@y>'), { maxLength: 40 })
  .map((pieces) => pieces.join(''));

/** Offsets to split at (sorted, repeats allowed: empty chunks are part of the contract). */
const cuts = fc.array(fc.nat(), { maxLength: 10 });

function splitAt(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [0, ...offsets.map((cut) => cut % (bytes.length + 1)).sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

async function viaStream(chunks: Buffer[], dotStuff: boolean): Promise<{ text: string; bytes: number }> {
  const encoder = new DataStreamEncoder({ dotStuff });
  Readable.from(chunks, { objectMode: false }).pipe(encoder);
  const out: Buffer[] = [];
  for await (const chunk of encoder) out.push(chunk as Buffer);
  return { text: Buffer.concat(out).toString('latin1'), bytes: encoder.bytes };
}

function viaEncodeAll(chunks: Buffer[], dotStuff: boolean): { text: string; bytes: number } {
  const encoder = new DataStreamEncoder({ dotStuff });
  return { text: Buffer.concat(encoder.encodeAll(chunks)).toString('latin1'), bytes: encoder.bytes };
}

describe('data-stream properties', () => {
  it.each([
    ['DATA (dot-stuffed)', true],
    ['BDAT (not stuffed)', false],
  ])('%s: the stream and encodeAll give the model output for content split anywhere, and count its bytes', async (_name, dotStuff) => {
    await fc.assert(
      fc.asyncProperty(content, cuts, async (input, offsets) => {
        const bytes = Buffer.from(input, 'utf8');
        const wanted = model(bytes.toString('latin1'), dotStuff);
        const chunks = splitAt(bytes, offsets);
        expect(await viaStream(chunks, dotStuff)).toEqual({ text: wanted, bytes: Buffer.byteLength(wanted, 'latin1') });
        expect(viaEncodeAll(chunks, dotStuff)).toEqual({ text: wanted, bytes: Buffer.byteLength(wanted, 'latin1') });
      }),
      { numRuns: 100 },
    );
  });

  it('DATA output can never end the data early: no bare CR or LF, no lone dot line, and unstuffing gives the content back', () => {
    fc.assert(
      fc.property(content, cuts, (input, offsets) => {
        const bytes = Buffer.from(input, 'utf8');
        const out = viaEncodeAll(splitAt(bytes, offsets), true).text;
        // Each CR is followed by LF and each LF preceded by CR (RFC 5321 §2.3.8; SMTP smuggling).
        expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
        // The server sees the content right after the DATA line's CRLF: `.CRLF` there would end it.
        expect(`\r\n${out}`).not.toContain('\r\n.\r\n');
        const unstuffed = out.split('\r\n').map((line) => (line.startsWith('.') ? line.slice(1) : line)).join('\r\n');
        expect(unstuffed).toBe(model(bytes.toString('latin1'), false));
      }),
      RUNS,
    );
  });

  it('BDAT output is the content with CRLF line breaks only: no dot is added or removed', () => {
    fc.assert(
      fc.property(content, cuts, (input, offsets) => {
        const bytes = Buffer.from(input, 'utf8');
        const out = viaEncodeAll(splitAt(bytes, offsets), false).text;
        expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
        expect(out.split('.').length).toBe(bytes.toString('latin1').split('.').length);
      }),
      RUNS,
    );
  });

  it('keeps lines of up to 998 octets whole and adds one octet for a stuffed dot', () => {
    const longLine = fc.record({ length: fc.integer({ min: 990, max: 998 }), dot: fc.boolean(), ending: fc.constantFrom('\r\n', '\n', '\r', '') });
    fc.assert(
      fc.property(fc.array(longLine, { minLength: 1, maxLength: 4 }), cuts, (lines, offsets) => {
        const input = lines.map(({ length, dot, ending }, i) => `${dot ? '.' : ''}${'w'.repeat(length - (dot ? 1 : 0))}${i === lines.length - 1 ? ending : ending || '\n'}`).join('');
        const out = viaEncodeAll(splitAt(Buffer.from(input, 'latin1'), offsets), true).text;
        const outLines = out.split('\r\n').slice(0, -1);
        expect(outLines.map((line) => line.length)).toEqual(lines.map(({ length, dot }) => length + (dot ? 1 : 0)));
      }),
      RUNS,
    );
  });
});
