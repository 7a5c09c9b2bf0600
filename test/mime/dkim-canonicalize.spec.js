import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createBodyHasher } from '../../lib/mime/dkim/body-hash.js';
import { canonicalizeHeaderRelaxed, RelaxedBodyCanonicalizer } from '../../lib/mime/dkim/canonicalize.js';
import { chooseSignedNames, parseHeaderBlock, pickFieldsToHash } from '../../lib/mime/dkim/header-fields.js';
import { MessageHasher } from '../../lib/mime/dkim/message-hasher.js';
/** Every way to feed `input`: whole, split once at each offset, and one byte at a time. */
function splits(input) {
    const ways = [[input]];
    for (let i = 1; i < input.length; i += 1)
        ways.push([input.subarray(0, i), input.subarray(i)]);
    ways.push([...input].map((byte) => Buffer.from([byte])));
    return ways;
}
function canonicalBody(chunks) {
    const out = [];
    const canonicalizer = new RelaxedBodyCanonicalizer((bytes) => out.push(Buffer.from(bytes)));
    for (const chunk of chunks)
        canonicalizer.update(chunk);
    canonicalizer.end();
    return Buffer.concat(out).toString('latin1');
}
describe('dkim relaxed canonicalization', () => {
    describe('header fields (RFC 6376 §3.4.2)', () => {
        it('matches the RFC 6376 §3.4.5 example', () => {
            const fields = parseHeaderBlock(Buffer.from('A: X\r\nB : Y\t\r\n\tZ  \r\n'));
            expect(fields.map((field) => canonicalizeHeaderRelaxed(field.raw))).toEqual(['a:X', 'b:Y Z']);
        });
        it.each([
            ['Subject:   hello   world  ', 'subject:hello world'],
            ['SUBJECT\t:\tx', 'subject:x'],
            ['Subject: folded\r\n  across\r\n\tthree lines', 'subject:folded across three lines'],
            ['Subject:', 'subject:'],
            ['Subject: \t ', 'subject:'],
            ['Subject: bare\n  lf fold', 'subject:bare lf fold'],
            ['X-A: keep\xa0nbsp\xa0', 'x-a:keep\xa0nbsp\xa0'],
            ['X-UTF8: Gr\xc3\xbc\xc3\x9fe', 'x-utf8:Gr\xc3\xbc\xc3\x9fe'],
        ])('canonicalizes %j', (raw, expected) => {
            expect(canonicalizeHeaderRelaxed(raw)).toBe(expected);
        });
        it('parses fields across CRLF, bare CR and bare LF line breaks', () => {
            const fields = parseHeaderBlock(Buffer.from('From: a@b\r\nTo: c@d,\n  e@f\rSubject: s\r\n'));
            expect(fields.map((field) => field.name)).toEqual(['from', 'to', 'subject']);
            expect(fields[1]?.raw).toBe('To: c@d,\r\n  e@f');
        });
        it('picks repeated fields bottom-up, as verifiers do (RFC 6376 §5.4.2)', () => {
            const fields = parseHeaderBlock(Buffer.from('To: first\r\nSubject: s\r\nTo: second\r\nReceived: x\r\n'));
            const names = chooseSignedNames(fields, ['to', 'subject'], []);
            expect(names).toEqual(['to', 'subject', 'to']);
            expect(pickFieldsToHash(fields, names).map((field) => field.raw)).toEqual(['To: second', 'Subject: s', 'To: first']);
            expect(pickFieldsToHash(fields, ['to', 'to', 'to'])).toHaveLength(2);
        });
        it('matches List-* as a prefix and honours skip patterns', () => {
            const fields = parseHeaderBlock(Buffer.from('From: a\r\nList-Id: x\r\nList-Unsubscribe: y\r\nX-Mailer: z\r\nDKIM-Signature: old\r\n'));
            expect(chooseSignedNames(fields, ['from', 'list-*', 'x-mailer', 'dkim-signature'], ['list-unsubscribe'])).toEqual(['from', 'list-id', 'x-mailer']);
        });
    });
    describe('body (RFC 6376 §3.4.4)', () => {
        const cases = [
            ['the RFC 6376 §3.4.5 example', ' C \r\nD \t E\r\n\r\n\r\n', ' C\r\nD E\r\n'],
            ['an empty body', '', ''],
            ['a body of empty lines', '\r\n\r\n\r\n', ''],
            ['a body of blank lines', ' \r\n\t\r\n  ', ''],
            ['a last line without CRLF', 'abc', 'abc\r\n'],
            ['trailing WSP on the last line', 'abc \t', 'abc\r\n'],
            ['inner empty and blank lines', 'a\r\n\r\n \t \r\nb\r\n', 'a\r\n\r\n\r\nb\r\n'],
            ['leading empty lines', '\r\n\r\nx\r\n', '\r\n\r\nx\r\n'],
            ['leading WSP, kept as one SP', '\t\t x  y\r\n', ' x y\r\n'],
            ['bare LF line breaks', 'a\nb \n\n', 'a\r\nb\r\n'],
            ['bare CR line breaks', 'a\rb\r\r', 'a\r\nb\r\n'],
            ['CR CR LF as two line breaks', 'a\r\r\nb', 'a\r\n\r\nb\r\n'],
            ['LF CR as two line breaks', 'a\n\rb', 'a\r\n\r\nb\r\n'],
            ['8-bit bytes', 'Gr\xfc\xdfe \xa0\r\n', 'Gr\xfc\xdfe \xa0\r\n'],
        ];
        it.each(cases)('canonicalizes %s at every chunk split', (_name, input, expected) => {
            for (const chunks of splits(Buffer.from(input, 'latin1')))
                expect(canonicalBody(chunks)).toBe(expected);
        });
        it('hashes an empty body to the known relaxed value', () => {
            const hasher = createBodyHasher();
            hasher.update(Buffer.from('\r\n\r\n'));
            expect(hasher.digest()).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
        });
        it('hashes large bodies the same in any chunking', () => {
            const line = `${'x'.repeat(70)}  \t y\r\n`;
            const body = Buffer.from(line.repeat(5000) + '\r\n'.repeat(3));
            const expected = createHash('sha256').update(`${'x'.repeat(70)} y\r\n`.repeat(5000)).digest('base64');
            for (const size of [1, 7, 1000, 65536, body.length]) {
                const hasher = createBodyHasher();
                for (let i = 0; i < body.length; i += size)
                    hasher.update(body.subarray(i, i + size));
                expect(hasher.digest()).toBe(expected);
            }
        });
    });
    describe('header/body split', () => {
        const cases = [
            ['CRLF', 'From: a\r\nSubject: s\r\n\r\nbody\r\n', 'From: a\r\nSubject: s\r\n', 'body\r\n'],
            ['bare LF', 'From: a\nSubject: s\n\nbody\n', 'From: a\nSubject: s\n', 'body\n'],
            ['bare CR', 'From: a\r\rbody', 'From: a\r', 'body'],
            ['CR CR LF', 'From: a\r\r\nbody', 'From: a\r', 'body'],
            ['a body starting with an empty line', 'From: a\r\n\r\n\r\nbody', 'From: a\r\n', '\r\nbody'],
            ['no body', 'From: a\r\n', 'From: a\r\n', ''],
            ['no header', '\r\nbody', '', 'body'],
        ];
        it.each(cases)('splits a message with %s line breaks at every chunk split', (_name, message, header, body) => {
            const expectedBodyHash = createBodyHasher();
            expectedBodyHash.update(Buffer.from(body));
            const bodyHash = expectedBodyHash.digest();
            for (const chunks of splits(Buffer.from(message))) {
                const hasher = new MessageHasher();
                for (const chunk of chunks)
                    hasher.update(chunk);
                const digest = hasher.digest();
                expect(digest.headerBlock.toString()).toBe(header);
                expect(digest.bodyHash).toBe(bodyHash);
            }
        });
        it('refuses a header block over 1 MiB with EMESSAGE', () => {
            const hasher = new MessageHasher();
            const line = Buffer.from(`X-Filler: ${'a'.repeat(1000)}\r\n`);
            expect(() => {
                for (let i = 0; i < 1100; i += 1)
                    hasher.update(line);
            }).toThrow(expect.objectContaining({ code: 'EMESSAGE' }));
        });
    });
});
//# sourceMappingURL=dkim-canonicalize.spec.js.map