import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { foldLine, unstructuredLine } from '../../lib/mime/headers/header-lines.js';
import { encodeWords } from '../../lib/mime/headers/encoded-words.js';

const RUNS = { numRuns: 100 };
const FOLD_AT = 78;
const MAX_LINE_OCTETS = 998;
const ENCODED_WORD = /^=\?UTF-8\?([QB])\?([^?\s]*)\?=$/;

/** RFC 5322 §2.2.3: unfolding removes each CRLF that is followed by whitespace. */
function unfold(text: string): string {
  return text.replace(/\r\n(?=[ \t])/g, '');
}

/** A reference RFC 2047 decoder for the one charset we write; null when `word` is not an encoded word. */
function decodeWord(word: string): Buffer | null {
  const match = ENCODED_WORD.exec(word);
  if (!match) return null;
  const [, encoding, payload = ''] = match;
  if (encoding === 'B') return Buffer.from(payload, 'base64');
  const bytes: number[] = [];
  for (let i = 0; i < payload.length; i += 1) {
    if (payload[i] === '_') bytes.push(0x20);
    else if (payload[i] === '=') {
      bytes.push(parseInt(payload.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(payload.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

/** A header value as a reader sees it: encoded words (space-separated, RFC 2047 §6.2) decoded, or the text as is. */
function readValue(value: string): string {
  const words = value.split(' ');
  const decoded = words.map(decodeWord);
  if (value === '' || decoded.some((bytes) => bytes === null)) return value;
  return Buffer.concat(decoded as Buffer[]).toString('utf8');
}

/** Any text a user could put in a Subject: all of Unicode, controls and line breaks included. */
const anyText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
  { weight: 3, arbitrary: fc.array(fc.constantFrom('word', ' ', '  ', '\t', '\r\n', '\n', '=?', '?=', 'é', '😀', '中文', '\u0000', 'x'.repeat(90), '_', '='), { maxLength: 30 }).map((p) => p.join('')) },
  // One word too long to fold under 998 octets: only encoded words can carry it.
  { weight: 1, arbitrary: fc.integer({ min: 990, max: 1100 }).map((n) => 'w'.repeat(n)) },
);

describe('header properties', () => {
  it('folding only inserts CRLF before whitespace, keeps lines within 78 where a break exists, never leaves a blank line', () => {
    const words = fc.array(fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', '.', '@'), maxLength: 100 }), fc.constantFrom(' ', '  ', '\t', ' \t ')), { maxLength: 40 });
    fc.assert(
      fc.property(fc.constantFrom('Subject', 'X-Long-Header-Name', 'To'), words, (name, parts) => {
        const line = `${name}: ${parts.join('')}`;
        const folded = foldLine(line);
        expect(unfold(folded)).toBe(line);
        const lines = folded.split('\r\n');
        for (const [i, text] of lines.entries()) {
          if (i > 0) expect(text).toMatch(/^[ \t]+[^ \t]/);
          if (text.length <= FOLD_AT) continue;
          // A line may run long only where there was no place to fold: no whitespace before a non-space after
          // its first character (after the field name on the first line).
          const from = i === 0 ? name.length + 2 : 1;
          expect({ line: text, breakAt: text.slice(from, -1).search(/[ \t][^ \t]/) }).toEqual({ line: text, breakAt: -1 });
        }
      }),
      RUNS,
    );
  });

  it.each([
    ['without SMTPUTF8', false],
    ['with SMTPUTF8', true],
  ])('an unstructured header reads back as the exact value, on safe lines of at most 998 octets (%s)', (_name, smtpUtf8) => {
    fc.assert(
      fc.property(anyText, (value) => {
        const header = unstructuredLine('Subject', value, smtpUtf8);
        expect(header.endsWith('\r\n')).toBe(true);
        const body = header.slice(0, -2);
        // Header injection: the only line breaks are folds.
        expect(body.replace(/\r\n[ \t]/g, '')).not.toMatch(/[\r\n]/);
        for (const line of body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LINE_OCTETS);
        if (!smtpUtf8) expect(body).toMatch(/^[\u0000-\u007f]*$/);
        expect(body).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
        const unfolded = unfold(body);
        expect(unfolded.startsWith('Subject: ')).toBe(true);
        expect(readValue(unfolded.slice('Subject: '.length))).toBe(value);
      }),
      RUNS,
    );
  });

  it('each encoded word is at most 75 characters and decodes on its own to whole characters', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const words = encodeWords(text);
        const parts = words.map((word) => {
          const bytes = decodeWord(word);
          const part = bytes === null ? null : bytes.toString('utf8');
          // A word that ends inside a UTF-8 sequence would not survive decoding alone (RFC 2047 §5).
          const isWhole = bytes !== null && Buffer.from(part as string, 'utf8').equals(bytes);
          return { word, isValid: word.length <= 75 && isWhole, part };
        });
        expect(parts.filter((p) => !p.isValid)).toEqual([]);
        const decoded = parts.map((p) => p.part);
        expect(decoded.join('')).toBe(Buffer.from(text, 'utf8').toString('utf8'));
      }),
      RUNS,
    );
  });
});
