import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { createTransport } from '../../lib/transport/transport.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { lf, parseMail } from '../helpers/parse-mail.js';
function names(value) {
    const list = Array.isArray(value) ? value : value ? [value] : [];
    return list.flatMap((entry) => entry.value.map((v) => `${v.name} <${v.address}>`));
}
describe('compose through createTransport to smtp-server', () => {
    let full;
    let bare;
    let viaFull;
    let viaBare;
    beforeAll(async () => {
        full = await startSmtpServer();
        bare = await startSmtpServer({ hide8BITMIME: true, hideSMTPUTF8: true });
        viaFull = createTransport({ host: '127.0.0.1', port: full.port }, { from: 'Defaults <defaults@example.com>', headers: { 'X-Default': 'yes' } });
        viaBare = createTransport({ host: '127.0.0.1', port: bare.port });
    });
    afterAll(async () => {
        await Promise.all([viaFull.close(), viaBare.close()]);
        await Promise.all([full.close(), bare.close()]);
    });
    async function sendAndParse(transport, server, message) {
        const before = server.messages.length;
        const info = await transport.sendMail(message);
        await server.waitForMessages(before + 1);
        const received = server.messages[before];
        return { info, received, parsed: await parseMail(received.raw) };
    }
    it.each([
        ['with SMTPUTF8 and 8BITMIME', true],
        ['without them', false],
    ])('delivers every field intact %s', async (_label, withExtensions) => {
        const binary = randomBytes(70_001);
        const text = `Текст 你好 🎉\n${'x'.repeat(5000)}\n.\n..dots\n`;
        const message = {
            from: { name: 'Jörg Ünïcode', address: 'jorg@bücher.example' },
            to: ['Ann <ann@example.com>', { name: 'Ли, Вэй', address: 'wei@例え.jp' }],
            cc: 'cc@example.com', bcc: 'hidden@example.com', replyTo: 'reply@example.com',
            subject: 'Привет 你好 مرحبا 🎉 — a subject long enough to be folded over several lines of the header',
            text, html: `<p>${text}</p><img src="cid:logo@x">`,
            attachments: [
                { filename: 'données 📎.bin', content: Readable.from([binary.subarray(0, 1000), binary.subarray(1000)]) },
                { filename: 'logo.png', content: binary.subarray(0, 500), cid: 'logo@x' },
            ],
            headers: { 'X-Trace': 'abc' }, priority: 'high', messageId: '<rt-1@example.com>',
        };
        const transport = withExtensions ? viaFull : viaBare;
        const server = withExtensions ? full : bare;
        const { info, received, parsed } = await sendAndParse(transport, server, message);
        expect(info.messageId).toBe('<rt-1@example.com>');
        expect(info.accepted).toHaveLength(4);
        // smtp-server shows domains in Unicode either way; the wire shows what was sent.
        expect(server.wireText()).toContain(withExtensions ? 'MAIL FROM:<jorg@bücher.example>'.replace('ü', '\u00c3\u00bc') : 'MAIL FROM:<jorg@xn--bcher-kva.example>');
        expect(received.envelope.to).toContain('hidden@example.com');
        expect(parsed.subject).toBe(message.subject);
        // mailparser shows punycode domains in Unicode; the raw header is checked below.
        expect(names(parsed.from)).toEqual(['Jörg Ünïcode <jorg@bücher.example>']);
        expect(names(parsed.to)).toEqual(['Ann <ann@example.com>', 'Ли, Вэй <wei@例え.jp>']);
        expect(parsed.headers.has('bcc')).toBe(false);
        expect(parsed.text).toBe(text);
        expect(lf(parsed.html)).toBe(`<p>${text}</p><img src="cid:logo@x">`);
        const byName = Object.fromEntries(parsed.attachments.map((a) => [a.filename, a]));
        expect(Object.keys(byName).sort()).toEqual(['données 📎.bin', 'logo.png']);
        expect(byName['données 📎.bin'].content.equals(binary)).toBe(true);
        expect(byName['logo.png'].content.equals(binary.subarray(0, 500))).toBe(true);
        expect(byName['logo.png'].cid).toBe('logo@x');
        expect(parsed.headers.get('x-trace')).toBe('abc');
        expect(parsed.headers.get('priority')).toBe('high');
        if (withExtensions)
            expect(parsed.headers.get('x-default')).toBe('yes');
        const rawText = received.raw.toString('latin1');
        expect(rawText.split('\r\n').every((line) => line.length <= 998)).toBe(true);
        if (!withExtensions) {
            expect(rawText).not.toMatch(/[\x80-\xff]/);
            expect(rawText).toMatch(/^From: .+ <jorg@xn--bcher-kva\.example>\r$/m);
        }
    });
    it('delivers raw messages in every form byte for byte', async () => {
        const raw = 'From: a@example.com\r\nTo: b@example.com\r\nSubject: raw\r\n\r\nline one\r\n.leading dot\r\n';
        for (const form of [raw, Buffer.from(raw), Readable.from([raw.slice(0, 5), raw.slice(5)]), { href: `data:,${encodeURIComponent(raw)}` }]) {
            const { received } = await sendAndParse(viaBare, bare, { raw: form, envelope: { from: 'a@example.com', to: 'b@example.com' } });
            expect(received.raw.toString()).toBe(raw);
        }
    });
    it('B8 sends the UTS-46 form of soft-hyphen and fullwidth-dot domains in RCPT', async () => {
        const { received } = await sendAndParse(viaBare, bare, { from: 'a@example.com', to: ['user@com\u00adpany.com', 'user@example\uff0ecom'], text: 'x' });
        expect(received.envelope.to).toEqual(['user@company.com', 'user@example.com']);
    });
    it('B6 keeps a quoted local part with a space, so the RCPT domain is internal.domain', async () => {
        // smtp-server cannot parse quoted local parts (it answers 501), so the wire is what is checked.
        await expect(viaBare.sendMail({ from: 'a@example.com', to: '"xclow3n@gmail.com x"@internal.domain', text: 'x' }))
            .rejects.toMatchObject({ code: 'EENVELOPE', responseCode: 501 });
        const rcpt = bare.wireText().split('\r\n').filter((line) => line.startsWith('RCPT TO:<"xclow3n'));
        expect(rcpt).toEqual(['RCPT TO:<"xclow3n@gmail.com x"@internal.domain>']);
    });
});
//# sourceMappingURL=transport-round-trip.spec.js.map