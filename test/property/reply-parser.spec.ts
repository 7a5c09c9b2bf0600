import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { MAX_REPLY_BYTES, MAX_REPLY_LINE_BYTES, MAX_REPLY_LINES, ReplyParser, type SmtpReply } from '../../lib/smtp/reply-parser.js';
import { SmtpError } from '../../lib/core/errors.js';

const RUNS = { numRuns: 150 };

/** One reply as the model knows it: what the server meant, before it was written. */
interface ModelReply {
  code: number;
  /** `[class, subject, detail]` written after the code on every line that `withStatus` marks. */
  status?: [number, number, number];
  texts: string[];
  withStatus: boolean[];
  endings: Array<'\r\n' | '\n'>;
  /** The last line is the bare code (`250\r\n`), allowed when its text is empty. */
  bareLast: boolean;
}

/** Text that cannot be taken for an enhanced status: empty, or starting with a letter; no CR or LF. */
const lineText = fc
  .tuple(
    fc.constantFrom('', 'a', 'Z', 'ok', 'mx'),
    fc.string({ unit: fc.constantFrom('a', ' ', '\t', '-', '.', '5', ':', 'é', '中', '😀', '\u00a0', '='), maxLength: 30 }),
  )
  .map(([head, tail]) => (head === '' ? '' : head + tail));

const modelReply: fc.Arbitrary<ModelReply> = fc
  .record({
    code: fc.integer({ min: 200, max: 599 }),
    status: fc.option(fc.tuple(fc.constantFrom(2, 4, 5), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 })), { nil: undefined }),
    lines: fc.array(fc.record({ text: lineText, withStatus: fc.boolean(), ending: fc.constantFrom<'\r\n' | '\n'>('\r\n', '\n') }), { minLength: 1, maxLength: 5 }),
    bareLast: fc.boolean(),
  })
  .map(({ code, status, lines, bareLast }) => ({
    code,
    status,
    texts: lines.map((line) => line.text),
    // The first line carries the status when there is one: that is where the parser looks for it.
    withStatus: lines.map((line, i) => status !== undefined && (i === 0 || line.withStatus)),
    endings: lines.map((line) => line.ending),
    bareLast: bareLast && status === undefined && lines[lines.length - 1]!.text === '',
  }));

function statusText(status: [number, number, number]): string {
  return status.join('.');
}

/** The wire form of a model reply, and each line as the parser should report it in `raw`. */
function render(reply: ModelReply): { wire: string; raw: string[] } {
  const raw = reply.texts.map((text, i) => {
    const last = i === reply.texts.length - 1;
    if (last && reply.bareLast) return String(reply.code);
    const body = reply.withStatus[i] ? `${statusText(reply.status!)} ${text}` : text;
    return `${reply.code}${last ? ' ' : '-'}${body}`;
  });
  return { wire: raw.map((line, i) => line + reply.endings[i]).join(''), raw };
}

/**
 * What the parser must return. The enhanced status counts only when its class repeats the reply's first digit
 * (RFC 3463 §2); then it is taken off every line that carries it.
 */
function expected(reply: ModelReply): SmtpReply {
  const { raw } = render(reply);
  const matches = reply.status !== undefined && reply.status[0] === Math.floor(reply.code / 100);
  const lines = reply.texts.map((text, i) => {
    if (!reply.withStatus[i]) return text;
    return matches ? text : `${statusText(reply.status!)} ${text}`;
  });
  return { code: reply.code, ...(matches ? { enhancedStatus: statusText(reply.status!) } : {}), lines, raw: raw.join('\n') };
}

/** Splits bytes at the given offsets (sorted, duplicates allowed, so empty chunks occur). */
function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [0, ...cuts.map((cut) => cut % (bytes.length + 1)).sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

function parseChunks(chunks: Buffer[]): SmtpReply[] {
  const parser = new ReplyParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
}

/** The replies, or the error code the parser threw. */
function outcome(chunks: Buffer[]): { replies: SmtpReply[] } | { error: string } {
  try {
    return { replies: parseChunks(chunks) };
  } catch (err) {
    if (!(err instanceof SmtpError)) throw err;
    return { error: err.code };
  }
}

const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('reply-parser properties', () => {
  it('parses any sequence of valid replies as the model wrote them, split anywhere', () => {
    fc.assert(
      fc.property(fc.array(modelReply, { minLength: 1, maxLength: 5 }), cuts, (replies, offsets) => {
        const wire = Buffer.from(replies.map((reply) => render(reply).wire).join(''));
        expect(parseChunks(splitAt(wire, offsets))).toEqual(replies.map(expected));
      }),
      RUNS,
    );
  });

  it('gives the same answer for arbitrary bytes however they are split: replies, or EPROTOCOL', () => {
    const noisyBytes = fc.array(
      fc.oneof(
        fc.constantFrom('250 ok\r\n', '250-', '354 go\n', '\r', '\n', '220', ' ', '-', '2.0.0 ', '4', 'x', '\xff', 'é'),
        fc.string({ maxLength: 4 }),
      ),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(noisyBytes, cuts, (pieces, offsets) => {
        const wire = Buffer.from(pieces.join(''));
        const whole = outcome([wire]);
        if ('error' in whole) expect(whole.error).toBe('EPROTOCOL');
        expect(outcome(splitAt(wire, offsets))).toEqual(whole);
      }),
      RUNS,
    );
  });

  it('accepts a line of up to 8 KiB with its line ending, and refuses one whose text alone is longer', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MAX_REPLY_LINE_BYTES - 8, max: MAX_REPLY_LINE_BYTES + 8 }),
        fc.constantFrom('\r\n', '\n'),
        cuts,
        (lineBytes, ending, offsets) => {
          const line = `250 ${'x'.repeat(lineBytes - 4 - ending.length)}${ending}`;
          const result = outcome(splitAt(Buffer.from(line), offsets));
          if (lineBytes <= MAX_REPLY_LINE_BYTES) expect(result).toEqual({ replies: [expect.objectContaining({ code: 250 })] });
          if (lineBytes - ending.length > MAX_REPLY_LINE_BYTES) expect(result).toEqual({ error: 'EPROTOCOL' });
        },
      ),
      // The edges are always tried, whatever the random seed.
      {
        ...RUNS,
        examples: [
          [MAX_REPLY_LINE_BYTES, '\r\n', []],
          [MAX_REPLY_LINE_BYTES, '\n', []],
          [MAX_REPLY_LINE_BYTES + 2, '\n', []],
          [MAX_REPLY_LINE_BYTES + 3, '\r\n', [5]],
        ],
      },
    );
  });

  it('accepts a reply of up to 100 lines and 32 KiB with its line endings, and refuses more lines or more text', () => {
    // Line lengths near the byte limit, or many short lines near the line limit.
    const nearBytes = fc.record({
      lines: fc.integer({ min: 4, max: 8 }),
      total: fc.integer({ min: MAX_REPLY_BYTES - 120, max: MAX_REPLY_BYTES + 120 }),
    });
    const nearLines = fc.record({ lines: fc.integer({ min: MAX_REPLY_LINES - 3, max: MAX_REPLY_LINES + 3 }), total: fc.integer({ min: 700, max: 2000 }) });
    fc.assert(
      fc.property(fc.oneof(nearBytes, nearLines), fc.constantFrom('\r\n', '\n'), cuts, ({ lines, total }, ending, offsets) => {
        // `lines` lines of nearly equal length adding up to `total` octets, line endings included.
        const sizes = Array.from({ length: lines }, (_, i) => Math.floor(total / lines) + (i < total % lines ? 1 : 0));
        const wire = sizes.map((size, i) => `250${i === lines - 1 ? ' ' : '-'}${'y'.repeat(size - 4 - ending.length)}${ending}`).join('');
        expect(Buffer.byteLength(wire)).toBe(total);
        const result = outcome(splitAt(Buffer.from(wire), offsets));
        const withinLimits = lines <= MAX_REPLY_LINES && total <= MAX_REPLY_BYTES;
        const pastLimits = lines > MAX_REPLY_LINES || total - lines * ending.length > MAX_REPLY_BYTES;
        if (withinLimits) expect({ total, lines, ending, result }).toEqual({ total, lines, ending, result: { replies: [expect.objectContaining({ code: 250 })] } });
        if (pastLimits) expect({ total, lines, ending, result }).toEqual({ total, lines, ending, result: { error: 'EPROTOCOL' } });
      }),
      // The edges are always tried, whatever the random seed: exactly 32 KiB, exactly 100 lines, one more of each.
      {
        ...RUNS,
        examples: [
          [{ lines: 4, total: MAX_REPLY_BYTES }, '\r\n', []],
          [{ lines: 4, total: MAX_REPLY_BYTES }, '\n', []],
          [{ lines: 5, total: MAX_REPLY_BYTES + 11 }, '\r\n', [7]],
          [{ lines: MAX_REPLY_LINES, total: 1000 }, '\r\n', []],
          [{ lines: MAX_REPLY_LINES + 1, total: 1010 }, '\n', []],
        ],
      },
    );
  });
});
