import { describe, it, expect, afterEach, beforeAll } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import { FIXTURE_CERT, startSmtpServer, type TestSmtpServer, type TestSmtpServerOptions } from '../helpers/smtp-server.js';
import { startScriptServer, type ScriptServer } from '../helpers/script-server.js';
import { esmtp, type EsmtpOptions } from '../helpers/esmtp-script.js';
import { observeSend, simpleMessage } from '../helpers/settle.js';
import { netnsSendBatch } from './scenarios/netns-send.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';

const USER = { user: 'alice', pass: 'wonder land' };

const NETNS = netnsSendBatch('F11', {
  stripped: { server: { mode: 'starttls', hideSTARTTLS: true, auth: { user: USER.user, pass: USER.pass } }, transport: { auth: USER, ...FAST_TIMEOUTS } },
  requireTls: {
    server: { mode: 'starttls', hideSTARTTLS: true, auth: { user: USER.user, pass: USER.pass } },
    transport: { auth: USER, requireTLS: true, ...FAST_TIMEOUTS },
  },
  localhostName: {
    server: { mode: 'plain', auth: { user: USER.user, pass: USER.pass } },
    transport: { host: 'localhost', auth: USER, ...FAST_TIMEOUTS },
    lookupAddresses: ['192.0.2.10'],
  },
});
const itInNetns = NETNS.it;
beforeAll(() => NETNS.load(), 30_000);

const open: Array<TestSmtpServer | ScriptServer> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function scripted(options: EsmtpOptions): Promise<ScriptServer> {
  const server = await startScriptServer(esmtp(options));
  open.push(server);
  return server;
}

async function real(options: TestSmtpServerOptions): Promise<TestSmtpServer> {
  const server = await startSmtpServer(options);
  open.push(server);
  return server;
}

const noCredentialCommands = (lines: string[]) => lines.filter((line) => /^(AUTH|MAIL|RCPT|DATA)/i.test(line));

describe('faults: STARTTLS and certificates', () => {
  it('F8 STARTTLS answered 454 is ETLS; no AUTH or MAIL bytes follow', async () => {
    const srv = await scripted({ extensions: ['STARTTLS', 'AUTH PLAIN LOGIN'], overrides: { STARTTLS: '454 4.7.0 TLS not available due to temporary reason' } });
    const outcome = await observeSend(createTransport({ host: srv.host, port: srv.port, auth: USER, ...FAST_TIMEOUTS }), simpleMessage());
    expect(outcome.error?.code).toBe('ETLS');
    expect(outcome.error?.responseCode).toBe(454);
    expect(outcome.error?.phase).toBe('starttls');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeLessThan(500);
    expect(noCredentialCommands(srv.commands())).toEqual([]);
    expect(srv.transcript()).not.toContain(Buffer.from(`\u0000${USER.user}\u0000${USER.pass}`).toString('base64'));
  });

  it('F9 capabilities injected before the TLS handshake are dropped: no SMTPUTF8 after TLS', async () => {
    const srv = await scripted({
      extensions: ['STARTTLS', 'PIPELINING'],
      tlsExtensions: ['PIPELINING', '8BITMIME'],
      overrides: { STARTTLS: '220 2.0.0 go ahead\r\n250-SMTPUTF8 INJECTED\r\n' },
    });
    const transport = createTransport({ host: srv.host, port: srv.port, tls: { ca: FIXTURE_CERT }, ...FAST_TIMEOUTS });
    const refused = await observeSend(transport, simpleMessage({ to: 'jöran@example.com' }));
    expect(refused.error?.code).toBe('EENVELOPE');
    const info = await transport.sendMail(simpleMessage());
    expect(info.accepted).toEqual(['rcpt@example.test']);
    const lines = srv.commands();
    expect(lines.filter((line) => line.startsWith('EHLO'))).toHaveLength(4);
    const mails = lines.filter((line) => line.startsWith('MAIL'));
    expect(mails).toEqual(['MAIL FROM:<sender@example.test> BODY=8BITMIME']);
    expect(lines.join('\n')).not.toMatch(/SMTPUTF8/);
  });

  it('F9 a whole reply injected after the STARTTLS 220 is EPROTOCOL at once, never read after TLS', async () => {
    const srv = await scripted({
      extensions: ['STARTTLS'],
      overrides: { STARTTLS: '220 2.0.0 go ahead\r\n250-mx.test\r\n250 SMTPUTF8' },
    });
    const transport = createTransport({ host: srv.host, port: srv.port, tls: { ca: FIXTURE_CERT }, ...FAST_TIMEOUTS });
    const outcome = await observeSend(transport, simpleMessage({ to: 'jöran@example.com' }));
    expect(outcome.error?.code).toBe('EPROTOCOL');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeLessThan(500);
    expect(srv.commands().filter((line) => /^(MAIL|RCPT)/.test(line))).toEqual([]);
  });

  it('F10 STARTTLS to a self-signed certificate without its CA is ETLS, no AUTH bytes', async () => {
    const srv = await real({ mode: 'starttls', auth: { user: USER.user, pass: USER.pass } });
    const outcome = await observeSend(createTransport({ host: 'localhost', port: srv.port, auth: USER, ...FAST_TIMEOUTS }), simpleMessage());
    expect(outcome.error?.code).toBe('ETLS');
    expect(outcome.error?.phase).toBe('starttls');
    expect(outcome.callbackCalls).toBe(1);
    expect(srv.authAttempts).toEqual([]);
    expect(srv.commands.filter((c) => c.command === 'AUTH' || c.command === 'MAIL')).toEqual([]);
    expect(srv.messages).toEqual([]);
  });

  it('F10 implicit TLS to a self-signed certificate without its CA is ETLS', async () => {
    const srv = await real({ mode: 'tls', auth: { user: USER.user, pass: USER.pass } });
    const outcome = await observeSend(createTransport({ host: 'localhost', port: srv.port, secure: true, auth: USER, ...FAST_TIMEOUTS }), simpleMessage());
    expect(outcome.error?.code).toBe('ETLS');
    expect(outcome.error?.phase).toBe('connect');
    expect(srv.authAttempts).toEqual([]);
    expect(srv.commands).toEqual([]);
  });

  it('F10 a certificate for another host name is ETLS even with the CA trusted', async () => {
    const srv = await real({ mode: 'starttls', auth: { user: USER.user, pass: USER.pass } });
    const tls = { ca: srv.ca, servername: 'wrong.example.test' };
    const outcome = await observeSend(createTransport({ host: '127.0.0.1', port: srv.port, tls, auth: USER, ...FAST_TIMEOUTS }), simpleMessage());
    expect(outcome.error?.code).toBe('ETLS');
    expect(outcome.error?.message).toMatch(/wrong\.example\.test|altnames|Hostname/i);
    expect(srv.authAttempts).toEqual([]);
  });

  it.each([
    ['the CA trusted', { ca: FIXTURE_CERT }],
    ['rejectUnauthorized: false', { rejectUnauthorized: false }],
  ])('F10 the same servers are accepted with %s', async (_name, tls) => {
    const starttls = await real({ mode: 'starttls', auth: { user: USER.user, pass: USER.pass } });
    const implicit = await real({ mode: 'tls', auth: { user: USER.user, pass: USER.pass } });
    await createTransport({ host: 'localhost', port: starttls.port, tls, auth: USER, ...FAST_TIMEOUTS }).sendMail(simpleMessage());
    await createTransport({ host: 'localhost', port: implicit.port, secure: true, tls, auth: USER, ...FAST_TIMEOUTS }).sendMail(simpleMessage());
    expect(starttls.messages.map((m) => m.secure)).toEqual([true]);
    expect(implicit.messages.map((m) => m.secure)).toEqual([true]);
    expect([...starttls.authAttempts, ...implicit.authAttempts].map((a) => a.secure)).toEqual([true, true]);
  });

  it('F11 STARTTLS not offered, auth configured, loopback peer: AUTH goes ahead (Go rule)', async () => {
    const srv = await real({ mode: 'plain', auth: { user: USER.user, pass: USER.pass } });
    const info = await createTransport({ host: 'localhost', port: srv.port, auth: USER, ...FAST_TIMEOUTS }).sendMail(simpleMessage());
    expect(info.accepted).toEqual(['rcpt@example.test']);
    expect(srv.authAttempts).toEqual([expect.objectContaining({ accepted: true, secure: false })]);
  });

  itInNetns('F11 STARTTLS stripped, auth configured, non-loopback peer: EAUTH, credentials never on the wire', async () => {
    const result = NETNS.get('stripped');
    expect(result).toMatchObject({ ok: false, code: 'EAUTH', phase: 'auth', authAttempts: 0, messages: 0 });
    expect(result.message).toMatch(/allowInsecureAuth/);
    expect(result.wire).not.toMatch(/AUTH|STARTTLS/);
    expect(result.wire).not.toContain(USER.pass);
  });

  itInNetns('F11 with requireTLS the same stripped server gives ETLS and nothing past EHLO', async () => {
    const result = NETNS.get('requireTls');
    expect(result).toMatchObject({ ok: false, code: 'ETLS', authAttempts: 0, messages: 0 });
    expect(result.serverCommands.filter((line) => !/^EHLO /.test(line))).toEqual([]);
  });

  itInNetns('F11 the loopback exemption follows the connected address, not the host string ("localhost" resolving to 192.0.2.10)', async () => {
    const result = NETNS.get('localhostName');
    expect(result).toMatchObject({ ok: false, code: 'EAUTH', phase: 'auth', authAttempts: 0, messages: 0 });
  });
});
