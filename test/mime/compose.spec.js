import { describe, it, expect } from '@jest/globals';
import { Readable } from 'node:stream';
import { composeMessage, prepareMessage } from '../../lib/mime/compose.js';
import { readAll } from '../helpers/parse-mail.js';
/** A fixed clock and a counter for randomness, so output is the same on every run. */
function fixedEnv() {
    let counter = 0;
    return {
        now: () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
        randomBytes: (size) => Buffer.alloc(size, ++counter),
    };
}
async function compose(message, options = {}) {
    return (await readAll(composeMessage(message, undefined, { ...fixedEnv(), ...options }).stream)).toString('utf8');
}
function headerBlock(raw) {
    return raw.slice(0, raw.indexOf('\r\n\r\n') + 2);
}
function contentTypes(raw) {
    return [...raw.matchAll(/^Content-Type: ([^;\r\n]+)/gim)].map((m) => m[1]);
}
describe('composeMessage', () => {
    it('writes a deterministic plain message with Date, Message-ID and MIME-Version', async () => {
        const raw = await compose({ from: 'Ann <ann@example.com>', to: 'bob@example.net', subject: 'Hi', text: 'Hello' });
        expect(raw).toBe([
            'From: Ann <ann@example.com>',
            'To: bob@example.net',
            'Subject: Hi',
            'Date: Tue, 02 Jan 2024 03:04:05 +0000',
            'Message-ID: <01010101-0101-0101-0101-010101010101@example.com>',
            'MIME-Version: 1.0',
            'Content-Type: text/plain; charset=utf-8',
            'Content-Transfer-Encoding: 7bit',
            '',
            'Hello',
        ].join('\r\n'));
    });
    it('returns the envelope with bcc, de-duplicated, and never writes a Bcc header', () => {
        const { envelope } = composeMessage({ from: 'a@x.test', to: 'b@x.test, c@x.test', cc: ['b@x.test'], bcc: 'd@x.test, c@x.test', text: '' });
        expect(envelope).toEqual({ from: 'a@x.test', to: ['b@x.test', 'c@x.test', 'd@x.test'] });
    });
    it('derives envelope.from from sender before from, and takes envelope fields over headers', async () => {
        expect(composeMessage({ from: 'a@x.test', sender: 's@x.test', to: 'b@x.test' }).envelope.from).toBe('s@x.test');
        const { envelope, stream } = composeMessage({ from: 'a@x.test', to: 'b@x.test', envelope: { from: 'bounce@x.test', to: 'z@x.test', bcc: ['y@x.test'] } });
        expect(envelope).toEqual({ from: 'bounce@x.test', to: ['z@x.test', 'y@x.test'] });
        expect(headerBlock((await readAll(stream)).toString())).toMatch(/^To: b@x\.test$/m);
        expect(composeMessage({ from: 'a@x.test', to: 'b@x.test', envelope: { from: false } }).envelope).toEqual({ from: '', to: ['b@x.test'] });
        expect(composeMessage({ from: 'a@x.test', to: 'b@x.test', envelope: { from: 'c@x.test' } }).envelope.to).toEqual(['b@x.test']);
    });
    it('refuses a message without recipients, and bad envelope addresses, with EENVELOPE', () => {
        expect(() => composeMessage({ from: 'a@x.test', text: 'x' })).toThrow(expect.objectContaining({ code: 'EENVELOPE' }));
        expect(() => composeMessage({ from: 'a@x.test', to: 'b@x.test', envelope: { to: ['b@x.test>\r\nRCPT TO:<evil@z.test'] } }))
            .toThrow(expect.objectContaining({ code: 'EENVELOPE' }));
        expect(() => composeMessage({ to: 'b@x.test', envelope: { from: 'a@x.test\r\nRSET' } })).toThrow(expect.objectContaining({ code: 'EENVELOPE' }));
    });
    it('merges defaults under the message, headers merged by name', async () => {
        const raw = await readAll(composeMessage({ to: 'b@x.test', subject: 'mine', headers: { 'x-a': 'message' } }, { from: 'default@x.test', subject: 'default', headers: { 'X-A': 'default', 'X-B': 'default' } }).stream);
        const head = headerBlock(raw.toString());
        expect(head).toMatch(/^From: default@x\.test$/m);
        expect(head).toMatch(/^Subject: mine$/m);
        expect(head).toMatch(/^X-B: default$/m);
        expect(head).toMatch(/^x-a: message$/m);
        expect(head).not.toMatch(/^X-A: default$/m);
    });
    it('nests mixed > related > alternative with only the levels needed', async () => {
        const base = { from: 'a@x.test', to: 'b@x.test' };
        expect(contentTypes(await compose({ ...base, text: 't' }))).toEqual(['text/plain']);
        expect(contentTypes(await compose({ ...base, html: 'h' }))).toEqual(['text/html']);
        expect(contentTypes(await compose({ ...base, text: 't', html: 'h' }))).toEqual(['multipart/alternative', 'text/plain', 'text/html']);
        expect(contentTypes(await compose({ ...base, html: '<img src="cid:i">', attachments: [{ cid: 'i', content: 'x', filename: 'i.png' }] })))
            .toEqual(['multipart/related', 'text/html', 'image/png']);
        expect(contentTypes(await compose({ ...base, text: 't', attachments: [{ content: 'x', filename: 'a.pdf' }] })))
            .toEqual(['multipart/mixed', 'text/plain', 'application/pdf']);
        expect(contentTypes(await compose({
            ...base, text: 't', html: 'h',
            attachments: [{ cid: 'i', content: 'x', filename: 'i.png' }, { content: 'y', filename: 'a.pdf' }],
        }))).toEqual(['multipart/mixed', 'multipart/related', 'multipart/alternative', 'text/plain', 'text/html', 'image/png', 'application/pdf']);
        expect(contentTypes(await compose({ ...base, attachments: [{ content: 'y', filename: 'a.pdf' }] }))).toEqual(['multipart/mixed', 'application/pdf']);
        expect(contentTypes(await compose({ ...base, text: 't', attachments: [{ cid: 'i', content: 'x', filename: 'i.png' }] })))
            .toEqual(['multipart/mixed', 'text/plain', 'image/png']);
    });
    it('writes an empty text part for a message with no body', async () => {
        const raw = await compose({ from: 'a@x.test', to: 'b@x.test' });
        expect(raw.endsWith('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n')).toBe(true);
    });
    it('orders alternatives text, others, calendar, html', async () => {
        const raw = await compose({
            from: 'a@x.test', to: 'b@x.test', text: 't', html: 'h',
            alternatives: [{ contentType: 'text/x-amp-html', content: 'amp' }],
            icalEvent: { method: 'request', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR' },
        });
        expect(contentTypes(raw)).toEqual(['multipart/alternative', 'text/plain', 'text/x-amp-html', 'text/calendar', 'text/html']);
        expect(raw).toMatch(/^Content-Type: text\/calendar; charset=utf-8; method=REQUEST$/m);
    });
    it('writes priority, In-Reply-To, References, Reply-To, Sender and List-* headers', async () => {
        const head = headerBlock(await compose({
            from: 'a@x.test', sender: 's@x.test', to: 'b@x.test', replyTo: 'r@x.test', priority: 'high',
            inReplyTo: 'p@x.test', references: ['<p@x.test>', 'q@x.test'],
            list: { unsubscribe: [{ url: 'https://x.test/u', comment: 'Unsubscribe' }, 'u@x.test'], id: { url: 'list.x.test', comment: 'A list' }, unsubscribePost: 'List-Unsubscribe=One-Click' },
        }));
        for (const line of [
            'Sender: s@x.test', 'Reply-To: r@x.test', 'In-Reply-To: <p@x.test>', 'References: <p@x.test> <q@x.test>',
            'X-Priority: 1 (Highest)', 'X-MSMail-Priority: High', 'Importance: High',
            'List-Unsubscribe: <https://x.test/u> (Unsubscribe)', 'List-Unsubscribe: <mailto:u@x.test>',
            'List-ID: A list <list.x.test>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
        ])
            expect(head).toContain(`${line}\r\n`);
    });
    it('lets custom headers replace generated ones, including Message-ID', async () => {
        const prepared = prepareMessage({ from: 'a@x.test', to: 'b@x.test', headers: { 'message-id': 'custom@x.test', Date: 'whenever', 'X-Multi': ['1', '2'] } });
        expect(prepared.messageId).toBe('<custom@x.test>');
        const head = headerBlock((await readAll(prepared.compose())).toString());
        expect(head).toMatch(/^message-id: <custom@x\.test>$/m);
        expect(head.match(/^message-id:/gim)).toHaveLength(1);
        expect(head).toMatch(/^Date: whenever$/m);
        expect(head.match(/^X-Multi: [12]$/gm)).toHaveLength(2);
    });
    it('writes prepared header values as given', async () => {
        const head = headerBlock(await compose({ from: 'a@x.test', to: 'b@x.test', headers: [{ key: 'X-P', value: { prepared: true, value: '=?UTF-8?Q?pre?=\r\n folded' } }] }));
        expect(head).toContain('X-P: =?UTF-8?Q?pre?=\r\n folded\r\n');
    });
    it('encodes headers per SMTPUTF8: UTF-8 and Unicode domains kept, else RFC 2047 and punycode', async () => {
        const message = { from: 'Jörg <j@bücher.de>', to: 'b@x.test', subject: 'Grüße' };
        const plain = headerBlock(await compose(message));
        expect(plain).toMatch(/^From: =\?UTF-8\?[QB]\?.+\?= <j@xn--bcher-kva\.de>$/m);
        expect(plain).toMatch(/^Message-ID: <.+@xn--bcher-kva\.de>$/m);
        expect(plain).not.toMatch(/[^\x00-\x7f]/);
        const utf8 = headerBlock(await compose(message, { smtputf8: true }));
        expect(utf8).toMatch(/^From: Jörg <j@bücher\.de>$/m);
        expect(utf8).toMatch(/^Subject: Grüße$/m);
    });
    it('fails the stream with EMESSAGE for a non-ASCII local part in a header without SMTPUTF8', async () => {
        const { stream } = composeMessage({ from: 'a@x.test', to: 'b@x.test', replyTo: 'jörg@x.test' });
        await expect(readAll(stream)).rejects.toMatchObject({ code: 'EMESSAGE' });
    });
    it('chooses 7bit, 8bit, quoted-printable or base64 by content and server', async () => {
        const base = { from: 'a@x.test', to: 'b@x.test' };
        expect(await compose({ ...base, text: 'ascii' })).toContain('Content-Transfer-Encoding: 7bit');
        expect(await compose({ ...base, text: 'mostly ascii é' })).toContain('Content-Transfer-Encoding: quoted-printable');
        expect(await compose({ ...base, text: 'Привет мир' })).toContain('Content-Transfer-Encoding: base64');
        expect(await compose({ ...base, text: 'Привет мир' }, { eightBitMime: true })).toContain('Content-Transfer-Encoding: 8bit');
        expect(await compose({ ...base, text: 'é'.repeat(600) }, { eightBitMime: true })).not.toContain('8bit');
        expect(await compose({ ...base, text: 'x'.repeat(5000) })).toContain('Content-Transfer-Encoding: quoted-printable');
        expect(await compose({ ...base, text: 'é', textEncoding: 'base64' }, { eightBitMime: true })).toContain('Content-Transfer-Encoding: base64');
        expect(await compose({ ...base, text: Readable.from([Buffer.from('stream')]) })).toContain('Content-Transfer-Encoding: quoted-printable');
    });
    it('normalises text line breaks to CRLF', async () => {
        const raw = await compose({ from: 'a@x.test', to: 'b@x.test', text: 'a\nb\rc\r\nd' });
        expect(raw.endsWith('\r\n\r\na\r\nb\r\nc\r\nd')).toBe(true);
    });
    it('keeps no line over 998 octets', async () => {
        const raw = await compose({
            from: 'a@x.test', to: 'b@x.test', subject: 'x'.repeat(3000), text: 'y'.repeat(5000), html: `<p>${'é'.repeat(3000)}</p>`,
            attachments: [{ filename: `${'n'.repeat(500)}.txt`, content: 'z'.repeat(5000) }],
        });
        for (const line of raw.split('\r\n'))
            expect(Buffer.byteLength(line)).toBeLessThanOrEqual(998);
    });
    it('writes attachment headers: type from the name, RFC 2231 names, disposition, cid, custom headers, encodings', async () => {
        const raw = await compose({
            from: 'a@x.test', to: 'b@x.test', html: 'h',
            attachments: [
                { filename: 'résumé.pdf', content: 'x' },
                { filename: 'logo.png', content: 'x', cid: 'logo@x', headers: { 'X-Part': 'yes' } },
                { filename: false, content: 'plain', contentType: 'text/plain', contentTransferEncoding: '7bit' },
                { path: 'data:image/gif;base64,R0lGOD', contentDisposition: 'inline' },
            ],
        });
        expect(raw).toContain("Content-Type: application/pdf; name*=utf-8''r%C3%A9sum%C3%A9.pdf\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf\r\n");
        expect(raw).toContain('Content-Type: image/png; name=logo.png\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: inline; filename=logo.png\r\nContent-ID: <logo@x>\r\nX-Part: yes\r\n');
        expect(raw).toContain('Content-Type: text/plain\r\nContent-Transfer-Encoding: 7bit\r\nContent-Disposition: attachment\r\n\r\nplain\r\n');
        expect(raw).toContain('Content-Type: image/gif\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: inline\r\n');
    });
    it('includes a raw attachment part as given', async () => {
        const part = 'Content-Type: text/plain\r\nX-Raw: 1\r\n\r\nraw part';
        const raw = await compose({ from: 'a@x.test', to: 'b@x.test', text: 't', attachments: [{ raw: part }] });
        expect(raw).toContain(`\r\n${part}\r\n--`);
    });
    it('refuses bad fields with EMESSAGE at prepare time', () => {
        const base = { from: 'a@x.test', to: 'b@x.test' };
        for (const bad of [
            { priority: 'urgent' }, { date: 'not a date' }, { textEncoding: 'uuencode' }, { icalEvent: { method: 'RE QUEST', content: 'x' } },
            { attachments: [{ contentType: 'text/plain\r\nX: y', content: 'x' }] }, { attachments: [{ contentDisposition: 'evil', content: 'x' }] },
            { attachments: [{ cid: 'a>b', content: 'x' }] }, { attachments: [{ contentTransferEncoding: 'binary', content: 'x' }] },
            { list: { help: 'https://x.test/a b' } }, { headers: { 'Bad Name': 'x' } },
        ]) {
            expect(() => prepareMessage({ ...base, ...bad })).toThrow(expect.objectContaining({ code: 'EMESSAGE' }));
        }
    });
});
describe('raw messages', () => {
    const rawText = 'From: a@x.test\r\nTo: b@x.test\r\nMessage-ID: <raw@x.test>\r\nSubject: raw\r\n\r\nbody\r\n';
    it.each([
        ['string', () => rawText],
        ['Buffer', () => Buffer.from(rawText)],
        ['Readable', () => Readable.from([Buffer.from(rawText.slice(0, 10)), Buffer.from(rawText.slice(10))])],
        ['data: href', () => ({ href: `data:message/rfc822;base64,${Buffer.from(rawText).toString('base64')}` })],
    ])('passes a %s through unchanged', async (_kind, make) => {
        const { stream, envelope } = composeMessage({ raw: make(), envelope: { from: 'a@x.test', to: 'b@x.test' } });
        expect((await readAll(stream)).toString()).toBe(rawText);
        expect(envelope).toEqual({ from: 'a@x.test', to: ['b@x.test'] });
    });
    it('takes the Message-ID of an in-memory raw message, or the one given', () => {
        expect(prepareMessage({ raw: rawText, from: 'a@x.test', to: 'b@x.test' }).messageId).toBe('<raw@x.test>');
        expect(prepareMessage({ raw: rawText, from: 'a@x.test', to: 'b@x.test', messageId: 'given@x' }).messageId).toBe('<given@x>');
        expect(prepareMessage({ raw: Readable.from([rawText]), from: 'a@x.test', to: 'b@x.test' }).messageId).toBe('');
    });
    it('needs an envelope or from/to', () => {
        expect(() => prepareMessage({ raw: rawText })).toThrow(expect.objectContaining({ code: 'EENVELOPE' }));
    });
    it('B23 fails the stream with EMESSAGE for a line over 998 octets', async () => {
        const { stream } = composeMessage({ raw: `Subject: x\r\n\r\n${'a'.repeat(2000)}\r\n`, from: 'a@x.test', to: 'b@x.test' });
        await expect(readAll(stream)).rejects.toMatchObject({ code: 'EMESSAGE' });
    });
});
describe('prepareMessage', () => {
    it('opens nothing until the stream is read', async () => {
        let reads = 0;
        const source = new Readable({ read() { reads++; this.push('x'); this.push(null); } });
        const prepared = prepareMessage({ from: 'a@x.test', to: 'b@x.test', text: source });
        const stream = prepared.compose();
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(reads).toBe(0);
        expect((await readAll(stream)).toString()).toContain('\r\n\r\nx');
        expect(reads).toBe(1);
    });
    it('composes again when every source is re-readable, but a stream source only once', async () => {
        const again = prepareMessage({ from: 'a@x.test', to: 'b@x.test', text: 'x' }, undefined, {}, fixedEnv());
        expect((await readAll(again.compose())).equals(await readAll(again.compose()))).toBe(true);
        const once = prepareMessage({ from: 'a@x.test', to: 'b@x.test', text: Readable.from(['x']) });
        once.compose();
        expect(() => once.compose()).toThrow(expect.objectContaining({ code: 'ESTREAM' }));
    });
    it('passes dsn through as given', () => {
        const dsn = { id: 'x', return: 'headers', notify: ['success'] };
        expect(prepareMessage({ from: 'a@x.test', to: 'b@x.test', dsn }).dsn).toBe(dsn);
    });
    it('fails the stream with ESTREAM when a source errors', async () => {
        const failing = new Readable({ read() { this.destroy(new Error('disk on fire')); } });
        const { stream } = composeMessage({ from: 'a@x.test', to: 'b@x.test', attachments: [{ filename: 'a.bin', content: failing }] });
        await expect(readAll(stream)).rejects.toMatchObject({ code: 'ESTREAM', message: expect.stringContaining('disk on fire') });
    });
    it('fails with ESTREAM when a file is missing at send time', async () => {
        const { stream } = composeMessage({ from: 'a@x.test', to: 'b@x.test', attachments: [{ path: '/nonexistent/nsmtp/file.txt' }] });
        await expect(readAll(stream)).rejects.toMatchObject({ code: 'ESTREAM' });
    });
    it('destroys a source stream when the composed stream is destroyed', async () => {
        const source = new Readable({ read() { this.push(Buffer.alloc(1024)); } });
        const { stream } = composeMessage({ from: 'a@x.test', to: 'b@x.test', attachments: [{ filename: 'a.bin', content: source }] });
        await new Promise((resolve) => { stream.once('data', () => resolve()); });
        for await (const _ of stream)
            break;
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(source.destroyed).toBe(true);
    });
});
describe('custom headers', () => {
    it('leaves out headers whose value is undefined or null and writes numbers as text', async () => {
        const raw = (await readAll(composeMessage({ from: 'a@x.test', to: 'b@x.test', headers: { 'X-None': undefined, 'X-Null': null, 'X-Num': 42 } }).stream)).toString();
        expect(raw).not.toMatch(/^X-N(one|ull):/m);
        expect(raw).toMatch(/^X-Num: 42$/m);
    });
});
//# sourceMappingURL=compose.spec.js.map