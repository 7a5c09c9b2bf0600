import { describe, it, expect } from '@jest/globals';
import { encodeWords } from '../../lib/mime/headers/encoded-words.js';
import {
  assertHeaderName, assertPreparedValue, foldLine, formatParameter, headerLine, unstructuredLine,
} from '../../lib/mime/headers/header-lines.js';
import { SmtpError } from '../../lib/core/errors.js';
import { cpuStopwatch } from '../helpers/cpu-time.js';

/** Decodes RFC 2047 encoded words (UTF-8, Q or B), dropping whitespace between adjacent words. */
function decodeWords(text: string): string {
  const bytes: number[] = [];
  const words = text.trim().split(/\s+/);
  for (const word of words) {
    const match = /^=\?UTF-8\?([QB])\?([^?]*)\?=$/i.exec(word);
    if (!match) throw new Error(`not an encoded word: ${word}`);
    if (match[1]!.toUpperCase() === 'B') bytes.push(...Buffer.from(match[2]!, 'base64'));
    else {
      const q = match[2]!;
      for (let i = 0; i < q.length; i++) {
        if (q[i] === '_') bytes.push(0x20);
        else if (q[i] === '=') { bytes.push(parseInt(q.slice(i + 1, i + 3), 16)); i += 2; }
        else bytes.push(q.charCodeAt(i));
      }
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function unfold(line: string): string {
  return line.replace(/\r\n$/, '').replace(/\r\n(?=[ \t])/g, '');
}

const SAMPLES = [
  'plain ascii',
  'Привет, мир! Это длинная строка на русском языке, чтобы проверить перенос слов',
  '你好世界，这是一个很长的中文主题行，用来测试编码词的分割是否正确处理多字节字符',
  'مرحبا بالعالم هذا سطر طويل باللغة العربية',
  '😀🎉👍🏽 emoji 👨‍👩‍👧‍👦 family and flags 🇪🇪🇫🇮',
  'line\r\nBcc: evil@example.com',
  'a'.repeat(300),
];

describe('encodeWords', () => {
  it.each(SAMPLES)('round-trips %j in words of at most 60 characters', (text) => {
    const words = encodeWords(text);
    for (const word of words) {
      expect(word.length).toBeLessThanOrEqual(60);
      expect(word).toMatch(/^=\?UTF-8\?[QB]\?[\x21-\x3e\x40-\x7e]*\?=$/);
    }
    expect(decodeWords(words.join(' '))).toBe(text);
  });

  it('never splits a UTF-8 sequence or surrogate pair across words', () => {
    for (const text of SAMPLES) {
      for (const word of encodeWords(text)) {
        const decoded = decodeWords(word);
        expect(Buffer.from(decoded, 'utf8').toString('utf8')).toBe(decoded);
        expect(decoded).not.toMatch(/\uFFFD/);
        expect(decoded).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
      }
    }
  });

  it('chooses Q for mostly ASCII and B for mostly non-ASCII text', () => {
    expect(encodeWords('Héllo wörld, how are you')[0]).toMatch(/^=\?UTF-8\?Q\?/);
    expect(encodeWords('你好世界')[0]).toMatch(/^=\?UTF-8\?B\?/);
  });

  it('returns nothing for empty text', () => {
    expect(encodeWords('')).toEqual([]);
  });
});

describe('foldLine', () => {
  it('keeps lines at 78 characters where whitespace allows and unfolds to the original', () => {
    const line = `Subject: ${Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ')}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(part.length).toBeLessThanOrEqual(78);
    expect(folded.replace(/\r\n/g, '')).toBe(line);
  });

  it('never produces a whitespace-only line', () => {
    const folded = foldLine(`X-A: ${'ab     '.repeat(40)}end`);
    for (const part of folded.split('\r\n')) expect(part.trim()).not.toBe('');
  });

  it('leaves a short line alone', () => {
    expect(foldLine('Subject: hi')).toBe('Subject: hi');
  });

  it('folds a 100,000-address line in linear time', () => {
    const line = `To: ${Array.from({ length: 100_000 }, (_, i) => `u${i}@example.com`).join(', ')}`;
    const cpuMs = cpuStopwatch();
    const folded = foldLine(line);
    expect(cpuMs()).toBeLessThan(1000);
    expect(folded.replace(/\r\n/g, '')).toBe(line);
  });
});

describe('unstructuredLine', () => {
  it('writes safe ASCII as is', () => {
    expect(unstructuredLine('Subject', 'Hello there', false)).toBe('Subject: Hello there\r\n');
  });

  it('encodes CR/LF so no new header can start (B11)', () => {
    const line = unstructuredLine('Subject', 'hi\r\nBcc: e@evil.test', true);
    expect(line.split('\r\n').filter(Boolean).every((l, i) => i === 0 || /^[ \t]/.test(l))).toBe(true);
    expect(line).not.toMatch(/\r\nBcc/i);
    expect(decodeWords(unfold(line).slice('Subject: '.length))).toBe('hi\r\nBcc: e@evil.test');
  });

  it('keeps UTF-8 under SMTPUTF8 and encodes it otherwise', () => {
    expect(unstructuredLine('Subject', 'Grüße', true)).toBe('Subject: Grüße\r\n');
    expect(unstructuredLine('Subject', 'Grüße', false)).toMatch(/^Subject: =\?UTF-8\?[QB]\?/);
  });

  it('encodes text that looks like an encoded word, so it reads back literally', () => {
    const line = unstructuredLine('Subject', '=?UTF-8?B?SGk=?=', false);
    expect(decodeWords(unfold(line).slice(9))).toBe('=?UTF-8?B?SGk=?=');
  });

  it('encodes a word too long to fold under 998 octets', () => {
    const value = 'x'.repeat(2000);
    const line = unstructuredLine('X-Long', value, false);
    for (const part of line.split('\r\n')) expect(part.length).toBeLessThanOrEqual(78);
    expect(decodeWords(unfold(line).slice(8))).toBe(value);
  });

  it('keeps a long URL-like word that fits within 998 octets as is', () => {
    const url = `https://example.com/${'a'.repeat(500)}`;
    expect(unstructuredLine('X-Url', url, false)).toBe(`X-Url: ${url}\r\n`);
  });
});

describe('assertHeaderName', () => {
  it.each(['X-A', 'Subject', 'x_y.z!'])('accepts %j', (name) => {
    expect(() => assertHeaderName(name)).not.toThrow();
  });

  it.each(['X-A\r\nBcc', 'X A', 'X:A', '', 'Ä', 'x'.repeat(201)])('B14 refuses %j with EMESSAGE', (name) => {
    expect(() => assertHeaderName(name)).toThrow(expect.objectContaining({ code: 'EMESSAGE' }));
  });
});

describe('assertPreparedValue', () => {
  it('accepts a folded value', () => {
    expect(() => assertPreparedValue('X-A', 'a\r\n b')).not.toThrow();
  });

  it.each(['a\r\nBcc: x', 'a\nb', 'a\rb', 'a\u0000b', `${'x'.repeat(1000)}`])('refuses %j', (value) => {
    let error: unknown;
    try { assertPreparedValue('X-A', value); } catch (err) { error = err; }
    expect(error).toBeInstanceOf(SmtpError);
    expect((error as SmtpError).code).toBe('EMESSAGE');
  });
});

describe('formatParameter', () => {
  it('writes tokens bare and other ASCII quoted', () => {
    expect(formatParameter('filename', 'report.pdf')).toBe('filename=report.pdf');
    expect(formatParameter('filename', 'my report.pdf')).toBe('filename="my report.pdf"');
  });

  it('uses RFC 2231 for non-ASCII, quotes, backslashes and line breaks', () => {
    expect(formatParameter('filename', 'ä.txt')).toBe("filename*=utf-8''%C3%A4.txt");
    expect(formatParameter('filename', 'a"b')).toBe("filename*=utf-8''a%22b");
    expect(formatParameter('filename', 'a\r\nb')).toBe("filename*=utf-8''a%0D%0Ab");
  });

  it('splits long values into continuations without splitting a character', () => {
    const name = `${'Ж'.repeat(40)}.txt`;
    const out = formatParameter('filename', name);
    const parts = out.split('; ');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]).toMatch(/^filename\*0\*=utf-8''/);
    const joined = parts.map((p) => p.replace(/^filename\*\d+\*=(utf-8'')?/, '')).join('');
    expect(decodeURIComponent(joined)).toBe(name);
    for (const part of parts) expect(() => decodeURIComponent(part.replace(/^filename\*\d+\*=(utf-8'')?/, ''))).not.toThrow();
  });

  it('headerLine folds parameter lists between parameters', () => {
    const line = headerLine('Content-Disposition', `attachment; ${formatParameter('filename', 'Ж'.repeat(60))}`);
    for (const part of line.trimEnd().split('\r\n')) expect(part.length).toBeLessThanOrEqual(78);
  });
});
