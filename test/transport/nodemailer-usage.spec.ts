/**
 * Every usage that nodemailer's "SMTP transport" page shows, written the way that page writes it, run
 * against a real smtp-server: code copied from there must work as is with our createTransport.
 *
 * No test may leave a rejection unhandled. Under Jest the test's `process` is a copy whose listeners never
 * hear `unhandledRejection` (the real process's event goes to Jest, which fails the test it happened in), so:
 * after each test a hook waits until Node would have reported a leftover rejection, which Jest then charges
 * to that test; and the callback forms, where a leak would come from, are also run in a plain Node child
 * (test/helpers/callback-child.ts) whose own `process.on('unhandledRejection')` listener must hear nothing.
 */
import { describe, it, expect, jest, afterEach } from '@jest/globals';
import { execFile } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createTransport } from '../../lib/transport/transport.js';
import type { SentMessageInfo } from '../../lib/transport/mail-transport.js';
import { SmtpError } from '../../lib/core/errors.js';
import type { SmtpOptions } from '../../lib/transport/options.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { closedPort } from '../helpers/free-port.js';
import { parseMail } from '../helpers/parse-mail.js';
import { rejectionOf } from '../helpers/settle.js';
import type { CallbackChildReport } from '../helpers/callback-child.js';

const FAST = { connectionTimeout: 2000, greetingTimeout: 2000, socketTimeout: 2000 } satisfies SmtpOptions;
const USER = { user: 'username', pass: 'password' };
const message = { from: 'sender@example.test', to: 'rcpt@example.test', subject: 'Hello', text: 'Hello world' };

const start = closedAfterEach(startSmtpServer);

afterEach(async () => {
  // Node reports a rejection nobody handled once the microtask queue drains after a macrotask: a timer and
  // an immediate later, anything the test left behind has been reported (and Jest fails the test for it).
  await delay(20);
  await new Promise((resolve) => setImmediate(resolve));
});

/** Tests that start plain Node children (each compiles the library with SWC) get room on a loaded machine. */
const CHILD_TEST_TIMEOUT_MS = 60_000;

const helper = (name: string): string => fileURLToPath(new URL(`../helpers/${name}`, import.meta.url));

/** Runs one callback-form method in a plain Node process with a real `unhandledRejection` listener. */
function runCallbackChild(method: 'verify' | 'sendMail' | 'close', options: SmtpOptions, throwing = false): Promise<CallbackChildReport> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', helper('register-ts.mjs'), helper('callback-child.ts'), method, JSON.stringify(options), ...(throwing ? ['throwing'] : [])],
      { timeout: 30_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`callback child failed: ${stderr || err.message}`)) : resolve(JSON.parse(stdout) as CallbackChildReport)),
    );
  });
}

/** How long a callback may take to be called at all; past it, `calls` comes back empty and the test says so. */
const CALLBACK_DEADLINE_MS = 5000;

/**
 * Calls a callback-style method and collects every call of its callback until `graceMs` after the first
 * (so a second call would be seen), or until CALLBACK_DEADLINE_MS when there is none.
 */
async function callbackCalls<T>(
  call: (callback: (err: SmtpError | null, value?: T) => void) => unknown,
  graceMs = 30,
): Promise<{ returned: unknown; calls: Array<[SmtpError | null, T | undefined]> }> {
  const calls: Array<[SmtpError | null, T | undefined]> = [];
  let first!: () => void;
  const called = new Promise<void>((resolve) => (first = resolve));
  const returned = call((err, value) => {
    calls.push([err, value]);
    first();
  });
  const deadline = new AbortController();
  await Promise.race([called, delay(CALLBACK_DEADLINE_MS, undefined, { signal: deadline.signal }).catch(() => undefined)]);
  deadline.abort();
  await delay(graceMs);
  return { returned, calls };
}

/** Runs `work` with every console method captured; returns what was printed, one entry a call. */
async function consoleOutput(work: () => Promise<unknown>): Promise<string[]> {
  const printed: string[] = [];
  const capture = (...args: unknown[]): void => {
    printed.push(args.map(String).join(' '));
  };
  const spies = (['log', 'info', 'debug', 'warn', 'error'] as const).map((name) => jest.spyOn(console, name).mockImplementation(capture));
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return printed;
}

describe('nodemailer SMTP transport usage', () => {
  describe('connections', () => {
    it('sends each message over its own connection, upgraded with STARTTLS, then authenticated', async () => {
      const srv = await start({ mode: 'starttls', auth: { ...USER } });
      // The page's "single connection" example: port 587 (here the server's), secure false (upgrade later with STARTTLS), auth.
      expect(createTransport({ host: 'smtp.example.com', secure: false, auth: USER }).options.port).toBe(587);
      const transport = createTransport({ host: 'localhost', port: srv.port, secure: false, auth: USER, tls: { ca: srv.ca }, ...FAST });
      await transport.sendMail(message);
      await transport.sendMail({ ...message, subject: 'Second' });
      expect(srv.connectionCount()).toBe(2);
      expect(srv.messages.map((received) => received.secure)).toEqual([true, true]);
      expect(srv.messages.map((received) => received.user)).toEqual(['username', 'username']);
      expect(srv.authAttempts).toEqual([
        { method: 'PLAIN', username: 'username', accepted: true, secure: true },
        { method: 'PLAIN', username: 'username', accepted: true, secure: true },
      ]);
      const verbs = srv.commands.filter((entry) => entry.connectionId === srv.commands[0].connectionId).map((entry) => entry.command);
      expect(verbs.indexOf('STARTTLS')).toBeGreaterThan(-1);
      expect(verbs.indexOf('STARTTLS')).toBeLessThan(verbs.indexOf('AUTH'));
    });

    it('pools connections over implicit TLS (secure: true) and reuses one for consecutive messages', async () => {
      const srv = await start({ mode: 'tls', auth: { ...USER } });
      // The page's "pooled connections" example: pool true, port 465 (here the server's), secure true (use TLS), auth.
      expect(createTransport({ pool: true, host: 'smtp.example.com', secure: true, auth: USER }).options.port).toBe(465);
      const transport = createTransport({ pool: true, host: 'localhost', port: srv.port, secure: true, auth: USER, tls: { ca: srv.ca }, ...FAST });
      for (const subject of ['one', 'two', 'three']) await transport.sendMail({ ...message, subject });
      expect(transport.isIdle()).toBe(true);
      await transport.close();
      expect(srv.connectionCount()).toBe(1);
      expect(srv.messages.map((received) => received.secure)).toEqual([true, true, true]);
      expect(new Set(srv.messages.map((received) => received.sessionId)).size).toBe(1);
      expect(srv.authAttempts).toHaveLength(1);
      expect((await Promise.all([0, 1, 2].map((index) => srv.parse(index)))).map((parsed) => parsed.subject)).toEqual(['one', 'two', 'three']);
    });

    it('accepts a self-signed certificate only with tls.rejectUnauthorized: false', async () => {
      const srv = await start({ mode: 'tls' });
      // Connecting by IP and without the test CA: nothing vouches for the certificate.
      const strict = await rejectionOf(createTransport({ host: '127.0.0.1', port: srv.port, secure: true, ...FAST }).sendMail(message));
      expect(strict.code).toBe('ETLS');
      expect(srv.messages).toHaveLength(0);
      // The page's "allow self-signed certificates" example.
      const lenient = createTransport({ host: '127.0.0.1', port: srv.port, secure: true, tls: { rejectUnauthorized: false }, ...FAST });
      const info = await lenient.sendMail(message);
      expect(info.accepted).toEqual(['rcpt@example.test']);
      expect(srv.messages).toHaveLength(1);
      expect(srv.messages[0].secure).toBe(true);
    });

    it('takes a connection URL, smtps with ?pool=true', async () => {
      const srv = await start({ mode: 'tls', auth: { user: 'user@example.test', pass: 'pa:ss word' } });
      const url = `smtps://user%40example.test:pa%3Ass%20word@localhost:${srv.port}/?pool=true&connectionTimeout=2000&tls.ca=${encodeURIComponent(srv.ca)}`;
      const transport = createTransport(url);
      expect(transport.options).toMatchObject({ pool: true, secure: true, host: 'localhost', port: srv.port });
      await transport.sendMail(message);
      await transport.sendMail(message);
      await transport.close();
      expect(srv.connectionCount()).toBe(1);
      expect(srv.messages).toHaveLength(2);
      expect(srv.messages[0].secure).toBe(true);
      expect(srv.authAttempts).toEqual([{ method: 'PLAIN', username: 'user@example.test', accepted: true, secure: true }]);
    });
  });

  describe('authentication', () => {
    it('sends without AUTH when auth is omitted', async () => {
      const srv = await start();
      await createTransport({ host: srv.host, port: srv.port, ...FAST }).sendMail(message);
      expect(srv.messages).toHaveLength(1);
      expect(srv.messages[0].user).toBeUndefined();
      expect(srv.commands.map((entry) => entry.command)).not.toContain('AUTH');
      expect(srv.authAttempts).toEqual([]);
    });

    it("logs in with user and pass when auth.type is 'login' (the default type)", async () => {
      const srv = await start({ auth: { ...USER } });
      await createTransport({ host: srv.host, port: srv.port, auth: { type: 'login', ...USER }, ...FAST }).sendMail(message);
      // authMethod defaults to PLAIN, as the page says.
      expect(srv.authAttempts).toEqual([{ method: 'PLAIN', username: 'username', accepted: true, secure: false }]);
      expect(srv.messages[0].user).toBe('username');
    });

    it('authenticates with OAuth2 from an accessToken and its expires time', async () => {
      const srv = await start({ auth: { user: 'user@example.test', accessToken: 'ya29.token-one', methods: ['XOAUTH2'] } });
      const auth = { type: 'oauth2' as const, user: 'user@example.test', accessToken: 'ya29.token-one', expires: Date.now() + 3_600_000 };
      await createTransport({ host: srv.host, port: srv.port, auth, ...FAST }).sendMail(message);
      // A token past its `expires` with no way to get another is still offered: only the server can refuse it.
      await createTransport({ host: srv.host, port: srv.port, auth: { ...auth, expires: Date.now() - 1000 }, ...FAST }).sendMail(message);
      expect(srv.authAttempts).toEqual([
        { method: 'XOAUTH2', username: 'user@example.test', accepted: true, secure: false },
        { method: 'XOAUTH2', username: 'user@example.test', accepted: true, secure: false },
      ]);
      expect(srv.messages.map((received) => received.user)).toEqual(['user@example.test', 'user@example.test']);
    });
  });

  describe('logging', () => {
    /** Sends one message and closes the transport, so that nothing it logs falls outside the capture. */
    async function sendAndClose(options: SmtpOptions): Promise<SentMessageInfo> {
      const transport = createTransport(options);
      const info = await transport.sendMail(message);
      await transport.close();
      return info;
    }

    it('prints nothing with logger: false, even with debug: true', async () => {
      const srv = await start();
      const printed = await consoleOutput(() => sendAndClose({ host: srv.host, port: srv.port, logger: false, debug: true, ...FAST }));
      expect(printed).toEqual([]);
      expect(srv.messages).toHaveLength(1);
    });

    it('logs transaction events to the console with logger: true, and no SMTP traffic without debug', async () => {
      const srv = await start();
      let info: SentMessageInfo | undefined;
      const printed = await consoleOutput(async () => {
        info = await sendAndClose({ host: srv.host, port: srv.port, logger: true, ...FAST });
      });
      expect(srv.messages).toHaveLength(1);
      expect(printed.some((line) => line.includes(`DEBUG message ${info?.messageId} accepted: 250`))).toBe(true);
      expect(printed.some((line) => / [CS]: /.test(line))).toBe(false);
    });

    it('logs the SMTP traffic with debug: true, credentials and content left out', async () => {
      const srv = await start({ auth: { ...USER } });
      const printed = await consoleOutput(() => sendAndClose({ host: srv.host, port: srv.port, auth: USER, logger: true, debug: true, ...FAST }));
      expect(srv.messages).toHaveLength(1);
      expect(printed.some((line) => line.includes('C: MAIL FROM:<sender@example.test>'))).toBe(true);
      expect(printed.some((line) => line.includes('S: 235'))).toBe(true);
      expect(printed.some((line) => / C: <secret \d+ bytes>$/.test(line))).toBe(true);
      const credentials = Buffer.from('\0username\0password').toString('base64');
      expect(printed.some((line) => line.includes(credentials) || line.includes('password'))).toBe(false);
      expect(printed.some((line) => line.includes('Hello world'))).toBe(false);
    });
  });

  it('merges defaults into every message, the message winning where both set a field', async () => {
    const srv = await start();
    const transport = createTransport(
      { host: srv.host, port: srv.port, ...FAST },
      { from: 'App <app@example.test>', replyTo: 'support@example.test', headers: { 'X-Sent-By': 'app' }, subject: 'Default subject' },
    );
    await transport.sendMail({ to: 'ann@example.test', text: 'first' });
    await transport.sendMail({ to: 'bob@example.test', subject: 'Own subject', text: 'second' });
    expect(srv.messages.map((received) => received.envelope)).toEqual([
      { from: 'app@example.test', to: ['ann@example.test'] },
      { from: 'app@example.test', to: ['bob@example.test'] },
    ]);
    const [first, second] = await Promise.all(srv.messages.map((received) => parseMail(received.raw)));
    expect(first.from?.value).toEqual([{ name: 'App', address: 'app@example.test' }]);
    expect(first.replyTo?.value).toEqual([{ name: '', address: 'support@example.test' }]);
    expect(first.headers.get('x-sent-by')).toBe('app');
    expect(first.subject).toBe('Default subject');
    expect(second.subject).toBe('Own subject');
    expect(second.from?.value).toEqual([{ name: 'App', address: 'app@example.test' }]);
  });

  describe('verify', () => {
    it('resolves true with the promise form, having authenticated and quit without sending', async () => {
      const srv = await start({ mode: 'starttls', auth: { ...USER } });
      const transport = createTransport({ host: 'localhost', port: srv.port, auth: USER, tls: { ca: srv.ca }, ...FAST });
      await expect(transport.verify()).resolves.toBe(true);
      const verbs = srv.commands.map((entry) => entry.command);
      expect(verbs).toEqual(expect.arrayContaining(['EHLO', 'STARTTLS', 'AUTH', 'QUIT']));
      expect(verbs).not.toContain('MAIL');
      expect(srv.authAttempts).toEqual([{ method: 'PLAIN', username: 'username', accepted: true, secure: true }]);
    });

    it('calls back (null, true) once with the callback form, and returns nothing', async () => {
      const srv = await start({ mode: 'starttls', auth: { ...USER } });
      const transport = createTransport({ host: 'localhost', port: srv.port, auth: USER, tls: { ca: srv.ca }, ...FAST });
      const { returned, calls } = await callbackCalls<true>((callback) => transport.verify(callback));
      expect(returned).toBeUndefined();
      expect(calls).toEqual([[null, true]]);
      expect(srv.commands.map((entry) => entry.command)).toEqual(expect.arrayContaining(['EHLO', 'STARTTLS', 'AUTH', 'QUIT']));
      expect(srv.authAttempts).toEqual([{ method: 'PLAIN', username: 'username', accepted: true, secure: true }]);
    });

    it('rejects with EAUTH with the promise form when the server refuses the credentials', async () => {
      const srv = await start({ auth: { ...USER } });
      const err = await rejectionOf(createTransport({ host: srv.host, port: srv.port, auth: { user: 'username', pass: 'wrong' }, ...FAST }).verify());
      expect(err).toMatchObject({ code: 'EAUTH', responseCode: 535 });
      expect(srv.authAttempts).toEqual([{ method: 'PLAIN', username: 'username', accepted: false, secure: false }]);
    });

    it('calls back with EAUTH once with the callback form when the server refuses the credentials', async () => {
      const srv = await start({ auth: { ...USER } });
      const transport = createTransport({ host: srv.host, port: srv.port, auth: { user: 'username', pass: 'wrong' }, ...FAST });
      const { returned, calls } = await callbackCalls<true>((callback) => transport.verify(callback));
      expect(returned).toBeUndefined();
      expect(calls).toHaveLength(1);
      const [err, success] = calls[0];
      expect(err).toBeInstanceOf(SmtpError);
      expect(err).toMatchObject({ code: 'EAUTH', responseCode: 535 });
      expect(success).toBeUndefined();
      expect(srv.authAttempts).toEqual([{ method: 'PLAIN', username: 'username', accepted: false, secure: false }]);
    });

    it('B34 verify(callback) against an unreachable server calls back with the SmtpError once and leaves no rejection unhandled', async () => {
      const port = await closedPort();
      // In a plain Node process, with process.on('unhandledRejection') installed for the whole run.
      const child = await runCallbackChild('verify', { host: '127.0.0.1', port, ...FAST });
      expect(child).toEqual({
        returned: 'undefined',
        calls: [{ error: { isSmtpError: true, code: 'ECONNECTION', message: expect.stringContaining('ECONNREFUSED') } }],
        unhandled: [],
        uncaught: [],
      });
      // In-process: nothing returned, one call with the error (a leaked rejection fails this test through Jest).
      const transport = createTransport({ host: '127.0.0.1', port, ...FAST });
      const { returned, calls } = await callbackCalls<true>((callback) => transport.verify(callback), 50);
      expect(returned).toBeUndefined();
      expect(calls).toHaveLength(1);
      expect(calls[0][0]).toBeInstanceOf(SmtpError);
      expect(calls[0][0]?.code).toBe('ECONNECTION');
      expect(calls[0][1]).toBeUndefined();
    }, CHILD_TEST_TIMEOUT_MS);

    it('verify(callback) reports EAUTH once in a plain Node process, and true once on success, leaving nothing unhandled', async () => {
      const srv = await start({ auth: { ...USER } });
      const refused = await runCallbackChild('verify', { host: srv.host, port: srv.port, auth: { user: 'username', pass: 'wrong' }, ...FAST });
      expect(refused).toEqual({ returned: 'undefined', calls: [{ error: { isSmtpError: true, code: 'EAUTH', message: expect.stringContaining('535') } }], unhandled: [], uncaught: [] });
      const accepted = await runCallbackChild('verify', { host: srv.host, port: srv.port, auth: USER, ...FAST });
      expect(accepted).toEqual({ returned: 'undefined', calls: [{ error: null, result: true }], unhandled: [], uncaught: [] });
      expect(srv.authAttempts.map((attempt) => attempt.accepted)).toEqual([false, true]);
    }, CHILD_TEST_TIMEOUT_MS);

    it('keeps verify({ signal }) a promise that an abort rejects', async () => {
      const srv = await start();
      const transport = createTransport({ host: srv.host, port: srv.port, ...FAST });
      const aborted = await rejectionOf(transport.verify({ signal: AbortSignal.abort() }));
      expect(aborted.code).toBe('ETIMEDOUT');
      await expect(transport.verify({ signal: new AbortController().signal })).resolves.toBe(true);
      expect(srv.commands.map((entry) => entry.command)).toContain('QUIT');
    });
  });

  describe('callbacks on sendMail and close', () => {
    it('sendMail(message, callback) calls back once with the info, and returns nothing', async () => {
      const srv = await start();
      const transport = createTransport({ host: srv.host, port: srv.port, ...FAST });
      const { returned, calls } = await callbackCalls<SentMessageInfo>((callback) => transport.sendMail(message, callback));
      expect(returned).toBeUndefined();
      expect(calls).toHaveLength(1);
      expect(calls[0][0]).toBeNull();
      expect(calls[0][1]).toMatchObject({ accepted: ['rcpt@example.test'], rejected: [] });
      expect(srv.messages).toHaveLength(1);
      expect((await srv.parse(0)).messageId).toBe(calls[0][1]?.messageId);
    });

    it('sendMail(message, callback) calls back once with the error of an unreachable server', async () => {
      const transport = createTransport({ host: '127.0.0.1', port: await closedPort(), ...FAST });
      const { returned, calls } = await callbackCalls<SentMessageInfo>((callback) => transport.sendMail(message, callback), 50);
      expect(returned).toBeUndefined();
      expect(calls).toHaveLength(1);
      expect(calls[0][0]).toMatchObject({ code: 'ECONNECTION' });
      expect(calls[0][1]).toBeUndefined();
    });

    it('close(callback) calls back once after delivering what was queued; later sends fail with ECLOSED', async () => {
      const srv = await start();
      const transport = createTransport({ pool: true, host: srv.host, port: srv.port, ...FAST });
      const sent = transport.sendMail(message);
      const { returned, calls } = await callbackCalls<void>((callback) => transport.close(callback));
      expect(returned).toBeUndefined();
      expect(calls).toEqual([[null, undefined]]);
      await expect(sent).resolves.toMatchObject({ accepted: ['rcpt@example.test'] });
      expect(srv.messages).toHaveLength(1);
      expect(srv.commands.map((entry) => entry.command)).toContain('QUIT');
      const closed = await callbackCalls<SentMessageInfo>((callback) => transport.sendMail(message, callback));
      expect(closed.calls).toHaveLength(1);
      expect(closed.calls[0][0]).toMatchObject({ code: 'ECLOSED' });
      await expect(transport.close()).resolves.toBeUndefined();
    });

    it('sendMail(message, callback) and close(callback) leave nothing unhandled in a plain Node process', async () => {
      const unreachable = await runCallbackChild('sendMail', { host: '127.0.0.1', port: await closedPort(), ...FAST });
      expect(unreachable).toEqual({ returned: 'undefined', calls: [{ error: { isSmtpError: true, code: 'ECONNECTION', message: expect.any(String) } }], unhandled: [], uncaught: [] });
      const srv = await start();
      const delivered = await runCallbackChild('sendMail', { host: srv.host, port: srv.port, ...FAST });
      expect(delivered).toEqual({ returned: 'undefined', calls: [{ error: null, result: ['rcpt@example.test'] }], unhandled: [], uncaught: [] });
      expect(srv.messages.map((received) => received.envelope)).toEqual([{ from: 'sender@example.test', to: ['rcpt@example.test'] }]);
      const closed = await runCallbackChild('close', { host: srv.host, port: srv.port, pool: true, ...FAST });
      expect(closed).toEqual({ returned: 'undefined', calls: [{ error: null }], unhandled: [], uncaught: [] });
    }, CHILD_TEST_TIMEOUT_MS);

    it('a callback that throws is called once and its error is an uncaught exception, not a rejection', async () => {
      const srv = await start();
      const report = await runCallbackChild('sendMail', { host: srv.host, port: srv.port, ...FAST }, true);
      expect(report).toEqual({
        returned: 'undefined',
        calls: [{ error: null, result: ['rcpt@example.test'] }],
        unhandled: [],
        uncaught: ['thrown by the callback'],
      });
      expect(srv.messages).toHaveLength(1);
    }, CHILD_TEST_TIMEOUT_MS);
  });
});
