import { describe, it, expect } from '@jest/globals';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { Base64Encoder, createBase64Encoder } from '../../lib/mime/encoders/base64.js';
import { LineBreakNormalizer } from '../../lib/mime/encoders/line-breaks.js';
import { LineLengthGuard, createLineLengthGuard } from '../../lib/mime/encoders/line-limit.js';
import { QuotedPrintableEncoder, createQuotedPrintableEncoder } from '../../lib/mime/encoders/quoted-printable.js';
/** RFC 2045 §6.7 decoding: soft breaks removed, =XX to bytes, hard CRLF kept. */
function decodeQp(text) {
    const bytes = [];
    const input = text.replace(/=\r\n/g, '');
    for (let i = 0; i < input.length; i++) {
        if (input[i] === '=') {
            bytes.push(parseInt(input.slice(i + 1, i + 3), 16));
            i += 2;
        }
        else
            bytes.push(input.charCodeAt(i));
    }
    return Buffer.from(bytes);
}
function encodeInPieces(make, input, cuts) {
    const encoder = make();
    const out = [];
    let last = 0;
    for (const cut of [...cuts, input.length]) {
        out.push(encoder.update(input.subarray(last, cut)));
        last = cut;
    }
    out.push(encoder.final());
    return Buffer.concat(out);
}
function everySplit(make, input) {
    const whole = encodeInPieces(make, input, []);
    for (let cut = 0; cut <= input.length; cut++) {
        expect(encodeInPieces(make, input, [cut]).equals(whole)).toBe(true);
    }
    const bytewise = encodeInPieces(make, input, Array.from({ length: input.length }, (_, i) => i));
    expect(bytewise.equals(whole)).toBe(true);
    return whole;
}
const TEXTS = [
    'plain text\r\nwith lines\r\n',
    'trailing space \r\ntab\t\r\nend with space ',
    'héllo wörld = équals\r\n',
    'lone\rCR and lone\nLF and CRLF\r\n',
    `${'x'.repeat(200)}\r\n${'é'.repeat(100)}`,
    '.dot at start\r\n.\r\nFrom here',
    '',
];
describe('QuotedPrintableEncoder', () => {
    it.each(TEXTS)('gives the same output for every split of %j and decodes back', (text) => {
        const input = Buffer.from(text, 'utf8');
        const out = everySplit(() => new QuotedPrintableEncoder(), input).toString('latin1');
        expect(decodeQp(out).equals(input)).toBe(true);
        for (const line of out.split('\r\n')) {
            expect(line.length).toBeLessThanOrEqual(76);
            expect(line).not.toMatch(/[ \t]$/);
            expect(line).toMatch(/^[\x20-\x7e\t]*$/);
        }
    });
    it('round-trips every byte value', () => {
        const input = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
        const out = everySplit(() => new QuotedPrintableEncoder(), input).toString('latin1');
        expect(decodeQp(out).equals(input)).toBe(true);
    });
    it('never splits an =XX triplet at a soft break', () => {
        const out = new QuotedPrintableEncoder().update(Buffer.from('é'.repeat(100))).toString('latin1');
        for (const line of out.split('\r\n'))
            expect(line).toMatch(/^(=[0-9A-F]{2})*=?$/);
    });
    it('encodes a 5,000-character line into lines of at most 76', () => {
        const out = new QuotedPrintableEncoder().update(Buffer.from('a'.repeat(5000))).toString('latin1');
        expect(Math.max(...out.split('\r\n').map((l) => l.length))).toBeLessThanOrEqual(76);
    });
});
describe('Base64Encoder', () => {
    it.each([0, 1, 2, 3, 56, 57, 58, 200])('gives the same output for every split of %i bytes', (size) => {
        const input = Buffer.from(Array.from({ length: size }, (_, i) => (i * 37) % 256));
        const out = everySplit(() => new Base64Encoder(), input).toString('latin1');
        expect(out).toBe(input.toString('base64').replace(/.{76}(?=.)/g, '$&\r\n'));
        expect(Buffer.from(out, 'base64').equals(input)).toBe(true);
    });
});
describe('LineBreakNormalizer', () => {
    it.each([
        ['a\nb', 'a\r\nb'],
        ['a\rb', 'a\r\nb'],
        ['a\r\nb', 'a\r\nb'],
        ['a\r\r\nb\n\r', 'a\r\n\r\nb\r\n\r\n'],
        ['a\r.\rb', 'a\r\n.\r\nb'],
    ])('normalises %j at every split', (text, expected) => {
        const out = everySplit(() => new LineBreakNormalizer(), Buffer.from(text)).toString('latin1');
        expect(out).toBe(expected);
    });
});
describe('LineLengthGuard', () => {
    it('passes lines of 998 octets', () => {
        const input = Buffer.from(`${'a'.repeat(998)}\r\n${'b'.repeat(998)}`);
        expect(everySplit(() => new LineLengthGuard('raw'), input).equals(input)).toBe(true);
    });
    it('fails with EMESSAGE at 999 octets even when the line arrives in pieces', () => {
        const guard = new LineLengthGuard('raw message');
        guard.update(Buffer.from('a'.repeat(500)));
        expect(() => guard.update(Buffer.from('a'.repeat(499)))).toThrow(expect.objectContaining({ code: 'EMESSAGE' }));
    });
});
describe('stream forms', () => {
    async function run(transform, chunks) {
        const out = [];
        await pipeline(Readable.from(chunks), transform, new Writable({ write(chunk, _e, cb) { out.push(chunk); cb(); } }));
        return Buffer.concat(out);
    }
    it('createQuotedPrintableEncoder and createBase64Encoder carry state across chunks', async () => {
        const input = Buffer.from('héllo \r\nwörld');
        const chunks = Array.from(input, (b) => Buffer.from([b]));
        expect(decodeQp((await run(createQuotedPrintableEncoder(), chunks)).toString('latin1')).equals(input)).toBe(true);
        expect(Buffer.from((await run(createBase64Encoder(), chunks)).toString(), 'base64').equals(input)).toBe(true);
    });
    it('createLineLengthGuard fails the pipeline with EMESSAGE', async () => {
        await expect(run(createLineLengthGuard('raw'), [Buffer.alloc(2000, 0x61)])).rejects.toMatchObject({ code: 'EMESSAGE' });
    });
});
//# sourceMappingURL=encoders.spec.js.map