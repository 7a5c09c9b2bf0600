import { describe, it, expect, afterEach } from '@jest/globals';
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import nodemailer from 'nodemailer';
import { FIXTURE_CERT, startSmtpServer } from '../helpers/smtp-server.js';
import { startScriptServer } from '../helpers/script-server.js';
import { esmtp } from '../helpers/esmtp-script.js';
/** Checks the harness itself with a reference client, so engine failures are never harness failures. */
describe('test harness', () => {
    const open = [];
    afterEach(async () => {
        await Promise.all(open.splice(0).map((s) => s.close()));
    });
    const send = (options) => nodemailer.createTransport({ host: '127.0.0.1', ...options }).sendMail({
        from: 'a@x.test',
        to: ['b@x.test', 'c@x.test'],
        subject: 'hello',
        text: 'body line',
    });
    it.each(['plain', 'starttls', 'tls'])('smtp-server helper records a message in %s mode', async (mode) => {
        const server = await startSmtpServer({ mode, auth: { user: 'u', pass: 'p' } });
        open.push(server);
        await send({ port: server.port, secure: mode === 'tls', tls: { ca: server.ca }, auth: { user: 'u', pass: 'p' }, ignoreTLS: mode === 'plain' });
        expect(server.messages).toHaveLength(1);
        expect(server.messages[0]?.envelope).toEqual({ from: 'a@x.test', to: ['b@x.test', 'c@x.test'] });
        expect(server.messages[0]?.secure).toBe(mode !== 'plain');
        expect(server.authAttempts).toEqual([expect.objectContaining({ username: 'u', accepted: true })]);
        expect((await server.parse(0)).subject).toBe('hello');
        expect(server.commands.some((c) => c.command === 'MAIL')).toBe(true);
    });
    it('smtp-server helper refuses listed recipients and wrong passwords', async () => {
        const server = await startSmtpServer({ auth: { user: 'u', pass: 'p' }, rejectRecipients: ['c@x.test'] });
        open.push(server);
        const info = await send({ port: server.port, auth: { user: 'u', pass: 'p' } });
        expect(info.rejected).toEqual(['c@x.test']);
        await expect(send({ port: server.port, auth: { user: 'u', pass: 'nope' } })).rejects.toMatchObject({ responseCode: 535 });
        expect(server.wireText()).toContain('MAIL FROM:<a@x.test>');
    });
    it('close() returns promptly with a client still connected', async () => {
        const server = await startSmtpServer();
        const client = net.connect(server.port, '127.0.0.1');
        client.on('error', () => { });
        await once(client, 'data');
        const started = Date.now();
        await server.close();
        expect(Date.now() - started).toBeLessThan(500);
    });
    it('esmtp script handles a pipelined DATA and a BDAT transaction', async () => {
        const server = await startScriptServer(esmtp({ extensions: ['PIPELINING', '8BITMIME'], overrides: { 'RCPT#2': '550 5.1.1 no such user' } }));
        open.push(server);
        const info = await send({ port: server.port });
        expect(info.rejected).toEqual(['c@x.test']);
        expect(server.commands().slice(0, 4)).toEqual([expect.stringMatching(/^EHLO /), expect.stringMatching(/^MAIL FROM:<a@x.test>/), 'RCPT TO:<b@x.test>', 'RCPT TO:<c@x.test>']);
        const body = server.connections[0]?.bodies[0]?.toString('latin1') ?? '';
        expect(body).toMatch(/body line\r\n\.\r\n$/);
        const raw = net.connect(server.port, '127.0.0.1');
        raw.setEncoding('latin1');
        let got = '';
        raw.on('data', (d) => (got += d));
        const waitFor = async (re) => {
            while (!re.test(got))
                await once(raw, 'data');
        };
        raw.on("error", () => { });
        await waitFor(/^220 /m);
        raw.write('EHLO c\r\nMAIL FROM:<a@x.test>\r\nRCPT TO:<b@x.test>\r\nBDAT 5\r\nhel\r\nBDAT 2 LAST\r\nlo');
        await waitFor(/OK queued/);
        raw.end('QUIT\r\n');
        expect(server.errors).toEqual([]);
        expect(server.connections[1]?.bodies[0]?.toString('latin1')).toBe('hel\r\nlo');
    });
    it('script server upgrades to TLS after STARTTLS', async () => {
        const server = await startScriptServer(esmtp({ extensions: ['STARTTLS'], overrides: { 'STARTTLS': '220 go\r\n250-SMTPUTF8 INJECTED' } }));
        open.push(server);
        const raw = net.connect(server.port, '127.0.0.1');
        await once(raw, 'data');
        raw.write('STARTTLS\r\n');
        await once(raw, 'data');
        const secure = tls.connect({ socket: raw, servername: 'localhost', ca: FIXTURE_CERT });
        await once(secure, 'secureConnect');
        secure.write('EHLO c\r\n');
        const [reply] = (await once(secure, 'data'));
        expect(reply.toString()).toMatch(/^250 mx\.test/);
        secure.destroy();
    });
});
//# sourceMappingURL=harness.spec.js.map