import { describe, it, expect } from '@jest/globals';
import { readMessage } from '../../lib/mime/read/read-message.js';
import { decodeWords, parseAddressList, parseStructured } from '../../lib/mime/read/mime-words.js';
const crlf = (lines) => Buffer.from(lines.join('\r\n'), 'utf8');
describe('read-message (MailerTestingStore reader)', () => {
    it.each([
        ['=?UTF-8?B?SsO2cmc=?=', 'Jörg'],
        ['=?utf-8?Q?caf=C3=A9_au_lait?=', 'café au lait'],
        // A character split across two adjacent words; the space between them is dropped (RFC 2047 §6.2).
        ['=?UTF-8?Q?J=C3?= =?UTF-8?Q?=B6rg?=', 'Jörg'],
        ['plain =?ISO-8859-1?Q?Andr=E9?= text', 'plain André text'],
        ['no words here', 'no words here'],
    ])('decodes encoded words in %s', (input, expected) => {
        expect(decodeWords(input)).toBe(expected);
    });
    it('joins RFC 2231 continuations and decodes their charset', () => {
        const value = parseStructured(`attachment; filename*0*=UTF-8''r%C3%A9sum; filename*1*=%C3%A9.pdf; size=3`);
        expect(value).toEqual({ value: 'attachment', params: { filename: 'résumé.pdf', size: '3' } });
        expect(parseStructured('text/plain; charset="utf-8"; name="a; b.txt"').params).toEqual({ charset: 'utf-8', name: 'a; b.txt' });
    });
    it('parses address lists to bare addresses, commas in quoted names included', () => {
        expect(parseAddressList('"Doe, John" <john@example.com>, ann@example.com, team: a@x.test, b@y.test;')).toEqual([
            'john@example.com',
            'ann@example.com',
            'a@x.test',
            'b@y.test',
        ]);
    });
    it('walks nested multiparts, decoding quoted-printable and base64', () => {
        const raw = crlf([
            'From: "Doe, John" <john@example.com>',
            'To: =?UTF-8?Q?Ann_=C3=A9?= <ann@example.com>',
            'Subject: =?UTF-8?Q?h=C3=A9llo?=',
            'Content-Type: multipart/mixed; boundary="outer"',
            '',
            'preamble',
            '--outer',
            'Content-Type: multipart/alternative; boundary=inner',
            '',
            '--inner',
            'Content-Type: text/plain; charset=utf-8',
            'Content-Transfer-Encoding: quoted-printable',
            '',
            'caf=C3=A9 with a soft=',
            ' break',
            '--inner',
            'Content-Type: text/html; charset=utf-8',
            'Content-Transfer-Encoding: base64',
            '',
            Buffer.from('<p>café</p>').toString('base64'),
            '--inner--',
            '--outer',
            'Content-Type: application/octet-stream; name="x.bin"',
            'Content-Disposition: attachment; filename="x.bin"',
            'Content-Transfer-Encoding: base64',
            '',
            Buffer.from([1, 2, 3]).toString('base64'),
            '--outer--',
            'epilogue',
        ]);
        const message = readMessage(raw);
        expect(message).toMatchObject({ from: 'john@example.com', to: ['ann@example.com'], subject: 'héllo', text: 'café with a soft break', html: '<p>café</p>' });
        expect(message.headers.to).toEqual(['Ann é <ann@example.com>']);
        expect(message.attachments).toEqual([{ filename: 'x.bin', contentType: 'application/octet-stream', contentDisposition: 'attachment', content: Buffer.from([1, 2, 3]) }]);
    });
});
//# sourceMappingURL=read-message.spec.js.map