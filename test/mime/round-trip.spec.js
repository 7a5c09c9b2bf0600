import { describe, it, expect } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { composeMessage } from '../../lib/mime/compose.js';
import { lf, parseMail, readAll } from '../helpers/parse-mail.js';
async function roundTrip(message, options = {}) {
    const raw = await readAll(composeMessage(message, undefined, options).stream);
    for (const line of raw.toString('latin1').split('\r\n'))
        expect(line.length).toBeLessThanOrEqual(998);
    expect(raw.toString('latin1')).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    return { parsed: await parseMail(raw), raw };
}
function addresses(value) {
    const list = Array.isArray(value) ? value : value ? [value] : [];
    return list.flatMap((entry) => entry.value.map((v) => ({ name: v.name, address: v.address ?? '' })));
}
const SCRIPTS = {
    cyrillic: 'Привет, мир — тема письма с довольно длинным текстом для проверки переноса',
    cjk: '你好，世界！これは日本語の件名です。한국어 제목도 있습니다',
    arabic: 'مرحبا بالعالم، هذا موضوع الرسالة',
    emoji: 'Party 🎉 time 👨‍👩‍👧‍👦 with flags 🇪🇪 and skin tones 👍🏽',
    mixed: 'Grüße aus Köln — naïve café, “quotes” & <angles> = ok?',
};
describe('round trip through mailparser', () => {
    describe.each([false, true])('smtputf8 %s', (smtputf8) => {
        it.each(Object.entries(SCRIPTS))('keeps a %s subject, names and filename', async (_script, text) => {
            const filename = `${text.slice(0, 30)}.txt`;
            const { parsed } = await roundTrip({
                from: { name: text, address: 'from@example.com' },
                to: [{ name: `${text} to`, address: 'to@example.com' }],
                cc: `"${text.replace(/["\\]/g, '')}" <cc@example.com>`,
                subject: text, text: `${text}\n`, html: `<p>${text}</p>`,
                attachments: [{ filename, content: text }],
            }, { smtputf8 });
            expect(parsed.subject).toBe(text);
            expect(addresses(parsed.from)).toEqual([{ name: text, address: 'from@example.com' }]);
            expect(addresses(parsed.to)).toEqual([{ name: `${text} to`, address: 'to@example.com' }]);
            expect(addresses(parsed.cc)).toEqual([{ name: text.replace(/["\\]/g, ''), address: 'cc@example.com' }]);
            expect(parsed.text).toBe(`${text}\n`);
            expect(parsed.html).toBe(`<p>${text}</p>`);
            expect(parsed.attachments[0].filename).toBe(filename);
            expect(parsed.attachments[0].content.toString('utf8')).toBe(text);
        });
    });
    it('keeps every header field', async () => {
        const date = new Date(Date.UTC(2023, 4, 6, 7, 8, 9));
        const { parsed } = await roundTrip({
            from: 'Ann <ann@example.com>', sender: 'sender@example.com', to: 'Team: b@example.com, c@example.com;',
            replyTo: ['reply@example.com', { name: 'Doe, Jane', address: 'jane@example.com' }],
            subject: 'All fields', messageId: '<id-1@example.com>', inReplyTo: '<parent@example.com>',
            references: ['<root@example.com>', '<parent@example.com>'], date, priority: 'low',
            headers: { 'X-Custom': 'value', 'X-Many': ['one', 'two'] }, text: 'body',
        });
        expect(parsed.messageId).toBe('<id-1@example.com>');
        expect(parsed.inReplyTo).toBe('<parent@example.com>');
        expect(parsed.references).toEqual(['<root@example.com>', '<parent@example.com>']);
        expect(parsed.date?.getTime()).toBe(date.getTime());
        expect(parsed.headers.get('priority')).toBe('low');
        expect(addresses(parsed.replyTo)).toEqual([{ name: '', address: 'reply@example.com' }, { name: 'Doe, Jane', address: 'jane@example.com' }]);
        expect(parsed.headers.get('sender')).toMatchObject({ value: [{ address: 'sender@example.com' }] });
        expect(parsed.to.value[0]).toMatchObject({ name: 'Team', group: [{ address: 'b@example.com' }, { address: 'c@example.com' }] });
        expect(parsed.headers.get('x-custom')).toBe('value');
        expect(parsed.headers.get('x-many')).toEqual(['one', 'two']);
        expect(parsed.headers.get('mime-version')).toBe('1.0');
        expect(parsed.headers.has('bcc')).toBe(false);
    });
    it('keeps 5,000-character lines in text and html', async () => {
        const long = 'a'.repeat(5000);
        const accented = 'é'.repeat(5000);
        const { parsed } = await roundTrip({ from: 'a@x.test', to: 'b@x.test', text: `${long}\n${accented}`, html: `<p>${accented}</p>` });
        expect(parsed.text).toBe(`${long}\n${accented}`);
        expect(parsed.html).toBe(`<p>${accented}</p>`);
    });
    it('keeps text with trailing spaces, dots, = signs and every line-break form (CRLF-normalised)', async () => {
        const text = 'trailing \nequals = sign\n.\n..leading dots\r\nlone\rCR\ttab\t\nlast line with space ';
        for (const encoding of [undefined, 'quoted-printable', 'base64']) {
            const { parsed } = await roundTrip({ from: 'a@x.test', to: 'b@x.test', text: `é ${text}`, textEncoding: encoding });
            expect(parsed.text).toBe(lf(`é ${text}`));
        }
    });
    it('keeps binary attachments byte for byte, with type, name, disposition and cid', async () => {
        const every = Buffer.from(Array.from({ length: 256 * 4 }, (_, i) => i % 256));
        const random = randomBytes(100_003);
        const { parsed } = await roundTrip({
            from: 'a@x.test', to: 'b@x.test', text: 't', html: '<img src="cid:img@x">',
            attachments: [
                { filename: 'bytes.bin', content: every },
                { filename: 'random.dat', content: Readable.from([random.subarray(0, 7), random.subarray(7)]), contentType: 'application/x-random' },
                { filename: 'pixel.png', content: random.subarray(0, 999), cid: 'img@x' },
                { filename: 'crlf.txt', content: 'lone\nLF and\rCR\r\n' },
                { filename: 'empty.txt', content: '' },
            ],
        });
        const byName = Object.fromEntries(parsed.attachments.map((a) => [a.filename, a]));
        expect(byName['bytes.bin'].content.equals(every)).toBe(true);
        expect(byName['bytes.bin'].contentType).toBe('application/octet-stream');
        expect(byName['random.dat'].content.equals(random)).toBe(true);
        expect(byName['random.dat'].contentType).toBe('application/x-random');
        expect(byName['pixel.png'].content.equals(random.subarray(0, 999))).toBe(true);
        expect(byName['pixel.png'].cid).toBe('img@x');
        expect(byName['pixel.png'].contentDisposition).toBe('inline');
        expect(byName['pixel.png'].contentType).toBe('image/png');
        expect(byName['crlf.txt'].content.toString()).toBe('lone\nLF and\rCR\r\n');
        expect(byName['empty.txt'].content.length).toBe(0);
        expect(byName['bytes.bin'].contentDisposition).toBe('attachment');
    });
    it('keeps attachments from files and data: URLs, named from the path', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'nsmtp-rt-'));
        const path = join(dir, 'отчёт 2024.csv');
        writeFileSync(path, 'a,b\n1,2\n');
        const { parsed } = await roundTrip({
            from: 'a@x.test', to: 'b@x.test',
            attachments: [{ path }, { path: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=', filename: 'dot.gif' }, { href: 'data:,hello', filename: 'hello.txt' }],
        });
        expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString('latin1')])).toEqual([
            ['отчёт 2024.csv', 'text/csv', 'a,b\n1,2\n'],
            ['dot.gif', 'image/gif', Buffer.from('R0lGODlhAQABAAAAACw=', 'base64').toString('latin1')],
            ['hello.txt', 'text/plain', 'hello'],
        ]);
    });
    it('keeps empty bodies', async () => {
        const { parsed, raw } = await roundTrip({ from: 'a@x.test', to: 'b@x.test', subject: '', text: '', html: '' });
        // Both parts are empty on the wire; mailparser reports an empty text part inside a multipart as "\n".
        expect(raw.toString()).toMatch(/7bit\r\n\r\n\r\n--/);
        expect((parsed.text ?? '').trim()).toBe('');
        expect(parsed.html || '').toBe('');
        expect(parsed.subject ?? '').toBe('');
        const none = await roundTrip({ from: 'a@x.test', to: 'b@x.test' });
        expect(none.parsed.text ?? '').toBe('');
    });
    it('keeps text and html from streams, in 8bit when the server offers 8BITMIME', async () => {
        const text = 'Stream текст\n'.repeat(1000);
        const { parsed, raw } = await roundTrip({ from: 'a@x.test', to: 'b@x.test', text: Readable.from([Buffer.from(text)]), html: 'Ünïcødé html' }, { eightBitMime: true });
        expect(parsed.text).toBe(text);
        expect(parsed.html).toBe('Ünïcødé html');
        expect(raw.toString()).toContain('Content-Transfer-Encoding: 8bit');
    });
    it('keeps an iCalendar invitation and alternatives', async () => {
        const ics = 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Встреча\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
        const { parsed } = await roundTrip({
            from: 'a@x.test', to: 'b@x.test', text: 'invite', html: '<b>invite</b>',
            icalEvent: { method: 'request', content: ics, filename: 'invite.ics' },
            alternatives: [{ contentType: 'text/markdown', content: '# invite' }],
        });
        expect(parsed.text).toBe('invite');
        expect(parsed.html).toBe('<b>invite</b>');
        const calendar = parsed.attachments.find((a) => a.contentType === 'text/calendar');
        expect(calendar?.content.toString()).toBe(ics);
        expect(calendar?.contentType).toBe('text/calendar');
        expect(calendar?.filename).toBe('invite.ics');
        expect(parsed.attachments.find((a) => a.contentType === 'text/markdown')?.content.toString()).toBe('# invite');
    });
    it('B16 keeps a filename with quotes and line breaks intact and harmless', async () => {
        const filename = 'a"\r\nContent-Type: text/html\r\n\r\n<script>.txt';
        const { parsed, raw } = await roundTrip({ from: 'a@x.test', to: 'b@x.test', attachments: [{ filename, content: 'x' }] });
        expect(parsed.attachments).toHaveLength(1);
        expect(parsed.attachments[0].filename).toBe(filename);
        expect(parsed.attachments[0].contentType).toBe('text/plain');
        expect(raw.toString()).not.toMatch(/^Content-Type: text\/html/m);
    });
    it.each([
        ['string', (raw) => raw],
        ['Buffer', (raw) => Buffer.from(raw)],
        ['Readable', (raw) => Readable.from(Array.from(Buffer.from(raw), (b) => Buffer.from([b])))],
        ['data: URL', (raw) => ({ href: `data:message/rfc822;base64,${Buffer.from(raw).toString('base64')}` })],
    ])('keeps a raw %s message byte for byte', async (_kind, make) => {
        const raw = 'From: a@x.test\r\nTo: b@x.test\r\nSubject: =?UTF-8?B?0J/RgNC40LLQtdGC?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nТекст\r\n';
        const { stream } = composeMessage({ raw: make(raw), envelope: { from: 'a@x.test', to: ['b@x.test'] } });
        const bytes = await readAll(stream);
        expect(bytes.equals(Buffer.from(raw))).toBe(true);
        const parsed = await parseMail(bytes);
        expect(parsed.subject).toBe('Привет');
        expect(parsed.text).toBe('Текст\n');
    });
    it('keeps a raw file message byte for byte', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'nsmtp-raw-'));
        const path = join(dir, 'message.eml');
        const raw = 'Subject: from a file\r\n\r\nbody\r\n';
        writeFileSync(path, raw);
        const bytes = await readAll(composeMessage({ raw: { path }, from: 'a@x.test', to: 'b@x.test' }).stream);
        expect(bytes.toString()).toBe(raw);
    });
});
//# sourceMappingURL=round-trip.spec.js.map