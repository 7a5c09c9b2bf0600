import { describe, it, expect } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { startScriptServer } from '../helpers/script-server.js';
import { rejectionOf } from '../helpers/settle.js';
import { SLOW_TIMEOUTS } from '../helpers/timeouts.js';

const USER = { user: 'alice', pass: 'wonder land' };
const plainMessage = { from: 'Sender <sender@example.test>', to: 'rcpt@example.test', subject: 'Hello', text: 'Hello there\nsecond line' };

const start = closedAfterEach(startSmtpServer);
const startScript = closedAfterEach(startScriptServer);

describe('transport', () => {
  it('sends a plain message that mailparser reads back', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS });
    const info = await transport.sendMail(plainMessage);
    expect(info.accepted).toEqual(['rcpt@example.test']);
    expect(info.rejected).toEqual([]);
    expect(info.envelope).toEqual({ from: 'sender@example.test', to: ['rcpt@example.test'] });
    expect(info.response).toMatch(/^250 /);
    expect(info.messageSize).toBeGreaterThan(0);
    expect(info.messageId).toMatch(/^<.+@.+>$/);
    const parsed = await srv.parse(0);
    expect(parsed.subject).toBe('Hello');
    expect(parsed.text?.trim()).toBe('Hello there\nsecond line');
    expect(parsed.messageId).toBe(info.messageId);
    expect(srv.messages[0].envelope).toEqual({ from: 'sender@example.test', to: ['rcpt@example.test'] });
  });

  it('sends over implicit TLS, verifying the fixture certificate', async () => {
    const srv = await start({ mode: 'tls' });
    const transport = createTransport({ host: 'localhost', port: srv.port, secure: true, tls: { ca: srv.ca }, ...SLOW_TIMEOUTS });
    await transport.sendMail(plainMessage);
    expect(srv.messages[0].secure).toBe(true);
  });

  it('upgrades with STARTTLS and verifies the certificate', async () => {
    const srv = await start({ mode: 'starttls' });
    const transport = createTransport({ host: 'localhost', port: srv.port, tls: { ca: srv.ca }, ...SLOW_TIMEOUTS });
    await transport.sendMail(plainMessage);
    expect(srv.messages[0].secure).toBe(true);
    expect(srv.commands.map((entry) => entry.command)).toContain('STARTTLS');
  });

  it('rejects the certificate without its CA (implicit TLS and STARTTLS) with ETLS', async () => {
    const tlsServer = await start({ mode: 'tls' });
    const implicit = await rejectionOf(createTransport({ host: 'localhost', port: tlsServer.port, secure: true, ...SLOW_TIMEOUTS }).verify());
    expect(implicit.code).toBe('ETLS');
    await tlsServer.close();
    const starttlsServer = await start({ mode: 'starttls', auth: { ...USER } });
    const upgraded = await rejectionOf(createTransport({ host: 'localhost', port: starttlsServer.port, auth: USER, ...SLOW_TIMEOUTS }).verify());
    expect(upgraded.code).toBe('ETLS');
    expect(upgraded.phase).toBe('starttls');
    expect(starttlsServer.authAttempts).toHaveLength(0);
  });

  it('binds localAddress, and verifies tls.servername when host is an IP', async () => {
    const srv = await start({ mode: 'tls' });
    const transport = createTransport({ host: '127.0.0.1', port: srv.port, secure: true, localAddress: '127.0.0.2', tls: { ca: srv.ca, servername: 'localhost' }, ...SLOW_TIMEOUTS });
    await transport.sendMail(plainMessage);
    expect(srv.messages[0].remoteAddress).toMatch(/127\.0\.0\.2$/);
  });

  it('accepts a self-signed certificate with tls.rejectUnauthorized false', async () => {
    const srv = await start({ mode: 'tls' });
    await expect(createTransport({ host: '127.0.0.1', port: srv.port, secure: true, tls: { rejectUnauthorized: false }, ...SLOW_TIMEOUTS }).verify()).resolves.toBe(true);
  });

  it.each(['PLAIN', 'LOGIN', 'CRAM-MD5'])('authenticates with %s', async (method) => {
    const srv = await start({ auth: { ...USER, methods: [method] } });
    const transport = createTransport({ host: srv.host, port: srv.port, auth: USER, authMethod: method, ...SLOW_TIMEOUTS });
    await transport.sendMail(plainMessage);
    expect(srv.authAttempts).toEqual([expect.objectContaining({ method, username: 'alice', accepted: true })]);
  });

  it('authenticates with XOAUTH2 and a static token', async () => {
    const srv = await start({ auth: { user: 'alice', accessToken: 'token-123', methods: ['XOAUTH2'] } });
    const transport = createTransport({ host: srv.host, port: srv.port, auth: { type: 'oauth2', user: 'alice', accessToken: 'token-123' }, ...SLOW_TIMEOUTS });
    await transport.sendMail(plainMessage);
    expect(srv.authAttempts[0]).toMatchObject({ method: 'XOAUTH2', accepted: true });
  });

  it('falls back to a mechanism the server offers when authMethod is not advertised', async () => {
    const srv = await start({ auth: { ...USER, methods: ['LOGIN'] } });
    await createTransport({ host: srv.host, port: srv.port, auth: USER, authMethod: 'CRAM-MD5', ...SLOW_TIMEOUTS }).verify();
    expect(srv.authAttempts[0].method).toBe('LOGIN');
  });

  it('runs a customAuth handler', async () => {
    const srv = await start({ auth: { ...USER, methods: ['PLAIN'] } });
    const seen: string[] = [];
    const transport = createTransport({
      host: srv.host,
      port: srv.port,
      ...SLOW_TIMEOUTS,
      auth: { type: 'custom', method: 'MY-PLAIN', user: 'alice', pass: 'wonder land' },
      customAuth: {
        'MY-PLAIN': async (ctx) => {
          seen.push(...ctx.extensions);
          const payload = Buffer.from(`\0${ctx.auth.user}\0${(ctx.auth as { pass: string }).pass}`).toString('base64');
          const reply = await ctx.sendCommand(`AUTH PLAIN ${payload}`);
          if (reply.code !== 235) throw new Error(`refused: ${reply.text}`);
        },
      },
    });
    await transport.verify();
    expect(seen).toContain('AUTH');
    expect(srv.authAttempts[0]).toMatchObject({ method: 'PLAIN', accepted: true });
  });

  it('F12 wrong credentials give EAUTH 535 and no MAIL', async () => {
    const srv = await start({ auth: { ...USER } });
    const err = await rejectionOf(createTransport({ host: srv.host, port: srv.port, auth: { user: 'alice', pass: 'wrong' }, ...SLOW_TIMEOUTS }).sendMail(plainMessage));
    expect(err).toMatchObject({ code: 'EAUTH', responseCode: 535, phase: 'auth', delivery: 'not-sent' });
    expect(err.message).not.toContain('wrong');
    expect(srv.commands.some((entry) => entry.command === 'MAIL')).toBe(false);
  });

  it('pipelines MAIL, RCPT and DATA when offered, and sends them one by one when not', async () => {
    const recipients = ['a@example.test', 'b@example.test', 'c@example.test'];
    for (const hidePIPELINING of [false, true]) {
      const srv = await start({ hidePIPELINING });
      await createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS }).sendMail({ ...plainMessage, to: recipients });
      expect(srv.messages[0].envelope.to).toEqual(recipients);
      expect(srv.commands.filter((entry) => entry.command === 'RCPT')).toHaveLength(3);
      await srv.close();
    }
  });

  it('refuses a message over the advertised SIZE with EMESSAGE before DATA', async () => {
    const srv = await start({ size: 1000 });
    const err = await rejectionOf(createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS }).sendMail({ ...plainMessage, text: 'x'.repeat(5000) }));
    expect(err.code).toBe('EMESSAGE');
    expect(srv.commands.some((entry) => entry.command === 'DATA')).toBe(false);
    expect(srv.messages).toHaveLength(0);
  });

  it('declares SIZE and BODY=8BITMIME when offered', async () => {
    const srv = await start({ size: 100000 });
    const info = await createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS }).sendMail(plainMessage);
    expect(srv.messages[0].mailParams.SIZE).toBe(String(info.messageSize));
    expect(srv.messages[0].mailParams.BODY).toBe('8BITMIME');
  });

  it('sends an internationalised address with SMTPUTF8 when offered', async () => {
    const srv = await start();
    await createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS }).sendMail({ ...plainMessage, to: 'jöran@bücher.example' });
    expect(srv.messages[0].mailParams.SMTPUTF8).toBe(true);
    expect(srv.messages[0].envelope.to).toEqual(['jöran@bücher.example']);
  });

  it('B9 refuses a non-ASCII local part without SMTPUTF8, and sends IDN domains as punycode', async () => {
    const srv = await start({ hideSMTPUTF8: true });
    const transport = createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS });
    const err = await rejectionOf(transport.sendMail({ ...plainMessage, to: 'jöran@example.test' }));
    expect(err.code).toBe('EENVELOPE');
    expect(srv.commands.some((entry) => entry.command === 'MAIL')).toBe(false);
    await transport.sendMail({ ...plainMessage, to: 'user@bücher.example' });
    expect(srv.commands.filter((entry) => entry.command === 'RCPT').map((entry) => entry.line)).toEqual(['RCPT TO:<user@xn--bcher-kva.example>']);
    expect(srv.messages[0].mailParams.SMTPUTF8).toBeUndefined();
  });

  it('F16 resolves with partial recipient rejection, listing both', async () => {
    const srv = await start({ rejectRecipients: ['bad@example.test'] });
    const info = await createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS }).sendMail({ ...plainMessage, to: ['good@example.test', 'bad@example.test'] });
    expect(info.accepted).toEqual(['good@example.test']);
    expect(info.rejected).toEqual(['bad@example.test']);
    expect(info.rejectedErrors?.[0]).toMatchObject({ code: 'EENVELOPE', responseCode: 550 });
    expect(srv.messages[0].envelope.to).toEqual(['good@example.test']);
  });

  it('F17 rejects with EENVELOPE when every recipient is refused, and sends no content', async () => {
    for (const hidePIPELINING of [false, true]) {
      const srv = await start({ rejectRecipients: () => 451, hidePIPELINING });
      const err = await rejectionOf(createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS }).sendMail({ ...plainMessage, to: ['a@example.test', 'b@example.test'] }));
      expect(err).toMatchObject({ code: 'EENVELOPE', responseCode: 451, rejected: ['a@example.test', 'b@example.test'], delivery: 'not-sent' });
      expect(err.rejectedErrors).toHaveLength(2);
      expect(srv.messages).toHaveLength(0);
      await srv.close();
    }
  });

  it('is configured by URL, credentials decoded', async () => {
    const srv = await start({ auth: { user: 'us@er', pass: 'p:ss/word' } });
    const transport = createTransport(`smtp://us%40er:p%3Ass%2Fword@127.0.0.1:${srv.port}/?connectionTimeout=2000&ignoreTLS=true`);
    expect(transport.options).toMatchObject({ host: '127.0.0.1', port: srv.port, connectionTimeout: 2000, ignoreTLS: true });
    await transport.sendMail(plainMessage);
    expect(srv.authAttempts[0]).toMatchObject({ username: 'us@er', accepted: true });
  });

  it('verify succeeds without sending a message, and QUITs', async () => {
    const srv = await start({ mode: 'starttls', auth: { ...USER } });
    await expect(createTransport({ host: 'localhost', port: srv.port, tls: { ca: srv.ca }, auth: USER, ...SLOW_TIMEOUTS }).verify()).resolves.toBe(true);
    const verbs = srv.commands.map((entry) => entry.command);
    expect(verbs).toEqual(expect.arrayContaining(['EHLO', 'STARTTLS', 'AUTH']));
    expect(verbs).not.toContain('MAIL');
    expect(srv.messages).toHaveLength(0);
  });

  it('verify reports each failure with its code and phase', async () => {
    const refused = await rejectionOf(createTransport({ host: '127.0.0.1', port: 1, ...SLOW_TIMEOUTS }).verify());
    expect(refused).toMatchObject({ code: 'ECONNECTION', phase: 'connect' });
    const dns = await rejectionOf(createTransport({ host: 'nonexistent.invalid', port: 25, ...SLOW_TIMEOUTS, dnsTimeout: 2000 }).verify());
    expect(dns).toMatchObject({ code: 'EDNS', phase: 'dns' });
    const srv = await start({ auth: { ...USER } });
    const auth = await rejectionOf(createTransport({ host: srv.host, port: srv.port, auth: { user: 'alice', pass: 'nope' }, ...SLOW_TIMEOUTS }).verify());
    expect(auth).toMatchObject({ code: 'EAUTH', phase: 'auth' });
    const requireTls = await rejectionOf(createTransport({ host: srv.host, port: srv.port, requireTLS: true, ...SLOW_TIMEOUTS }).verify());
    expect(requireTls).toMatchObject({ code: 'ETLS' });
  });

  it('verify with an abort signal settles at once and closes the session it opened', async () => {
    const srv = await startScript((conn) => conn.stall());
    const abort = new AbortController();
    const started = Date.now();
    const verifying = rejectionOf(createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS }).verify({ signal: abort.signal }));
    setTimeout(() => abort.abort(), 100);
    const err = await verifying;
    expect(err).toMatchObject({ code: 'ETIMEDOUT', phase: 'greeting' });
    expect(Date.now() - started).toBeLessThan(1000);
    await srv.connections[0].closed;
    expect(srv.connections[0].isClosed).toBe(true);
  });

  it('sends raw messages from a string, a Buffer and a stream with an envelope', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS });
    const raw = 'From: a@example.test\r\nTo: b@example.test\r\nSubject: raw\r\n\r\nraw body\r\n';
    const { Readable } = await import('node:stream');
    for (const source of [raw, Buffer.from(raw), Readable.from([raw.slice(0, 10), raw.slice(10)])]) {
      await transport.sendMail({ raw: source, envelope: { from: 'a@example.test', to: ['b@example.test'] } });
    }
    expect(srv.messages).toHaveLength(3);
    for (const message of srv.messages) expect(message.raw.toString()).toBe(raw);
  });

  it('supports the callback form', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS });
    const info = await new Promise((resolve, reject) => {
      transport.sendMail(plainMessage, (err, result) => (err ? reject(err) : resolve(result)));
    });
    expect(info).toMatchObject({ accepted: ['rcpt@example.test'] });
  });

  it('logs through a bunyan-style or Nest-style logger', async () => {
    const srv = await start();
    const lines: string[] = [];
    const nestStyle = { log: (m: string) => lines.push(m), debug: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    await createTransport({ host: srv.host, port: srv.port, ...SLOW_TIMEOUTS, logger: nestStyle, debug: true }).sendMail(plainMessage);
    expect(lines.some((line) => line.startsWith('C: MAIL FROM:<sender@example.test>'))).toBe(true);
    expect(lines.some((line) => line.includes('Hello there'))).toBe(false);
  });
});
