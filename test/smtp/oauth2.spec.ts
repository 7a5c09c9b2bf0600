import { afterEach, describe, expect, it } from '@jest/globals';
import { setTimeout as delay } from 'node:timers/promises';
import { createTransport, type SmtpTransport } from '../../lib/transport/transport.js';
import { SmtpError } from '../../lib/core/errors.js';
import type { AccessTokenResult, OAuth2Auth, SmtpOptions } from '../../lib/transport/options.js';
import type { SmtpLogger } from '../../lib/smtp/logger.js';
import type { TokenEvent } from '../../lib/smtp/auth/oauth2-token.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { observe, observeSend, simpleMessage } from '../helpers/settle.js';
import { SLOW_TIMEOUTS } from '../helpers/timeouts.js';

const USER = 'alice@example.test';
const OLD_TOKEN = 'ya29.old-token-0123456789abcdef';
const NEW_TOKEN = 'ya29.new-token-fedcba9876543210';
const HOUR_MS = 3_600_000;

let server: TestSmtpServer | undefined;
const transports: SmtpTransport[] = [];
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await server?.close();
  server = undefined;
});

/** The server's idea of the valid token; tests rotate it. */
interface TokenAuthority {
  current: string | undefined;
}

async function startOAuthServer(authority: TokenAuthority): Promise<TestSmtpServer> {
  server = await startSmtpServer({ auth: { user: USER, accessToken: () => authority.current, methods: ['XOAUTH2'] } });
  return server;
}

/** A getAccessToken that counts its calls and answers with `answer` (after `delayMs`). */
function provider(answer: () => AccessTokenResult | undefined | Promise<AccessTokenResult | undefined>, delayMs = 0) {
  const calls: string[] = [];
  const getAccessToken = async (user: string): Promise<AccessTokenResult> => {
    calls.push(user);
    if (delayMs > 0) await delay(delayMs);
    return (await answer()) as AccessTokenResult;
  };
  return { getAccessToken, calls };
}

function oauthTransport(srv: TestSmtpServer, auth: Omit<OAuth2Auth, 'type' | 'user'>, extra: SmtpOptions = {}): { transport: SmtpTransport; tokens: TokenEvent[] } {
  const transport = createTransport({ host: srv.host, port: srv.port, auth: { type: 'oauth2', user: USER, ...auth }, ...SLOW_TIMEOUTS, ...extra });
  transports.push(transport);
  const tokens: TokenEvent[] = [];
  transport.on('token', (event) => tokens.push(event));
  return { transport, tokens };
}

function spyLogger(lines: string[]): SmtpLogger {
  const keep = (level: string) => (...args: unknown[]) => {
    lines.push(`${level} ${args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')}`);
  };
  return { info: keep('info'), debug: keep('debug'), warn: keep('warn'), error: keep('error') };
}

/** The tokens, and the XOAUTH2 payloads built from them, in every form that could leak. */
function tokenForms(...tokens: string[]): string[] {
  return tokens.flatMap((token) => [token, Buffer.from(`user=${USER}\u0001auth=Bearer ${token}\u0001\u0001`).toString('base64')]);
}

function expectNoTokens(texts: string[], tokens: string[]): void {
  for (const form of tokenForms(...tokens)) {
    expect({ form, leaks: texts.filter((text) => text.includes(form)) }).toEqual({ form, leaks: [] });
  }
}

function errorTexts(err: SmtpError | undefined): string[] {
  return err ? [err.message, err.command ?? '', err.response ?? '', String(err.stack ?? ''), JSON.stringify(err)] : [];
}

describe('XOAUTH2 tokens', () => {
  it('uses a fresh token as is: getAccessToken is not called', async () => {
    const srv = await startOAuthServer({ current: OLD_TOKEN });
    const p = provider(() => NEW_TOKEN);
    const { transport, tokens } = oauthTransport(srv, { accessToken: OLD_TOKEN, expires: Date.now() + HOUR_MS, getAccessToken: p.getAccessToken });
    await transport.sendMail(simpleMessage());
    expect(p.calls).toEqual([]);
    expect(tokens).toEqual([]);
    expect(srv.authAttempts).toEqual([expect.objectContaining({ method: 'XOAUTH2', username: USER, accepted: true })]);
  });

  it('refreshes an expired token once before AUTH; the token event carries { user, accessToken, expires }', async () => {
    const srv = await startOAuthServer({ current: NEW_TOKEN });
    const expires = Date.now() + HOUR_MS;
    const p = provider(() => ({ accessToken: NEW_TOKEN, expires }));
    const { transport, tokens } = oauthTransport(srv, { accessToken: OLD_TOKEN, expires: Date.now() - 1000, getAccessToken: p.getAccessToken });
    await transport.sendMail(simpleMessage());
    expect(p.calls).toEqual([USER]);
    expect(tokens).toEqual([{ user: USER, accessToken: NEW_TOKEN, expires }]);
    // The expired token never went to the server.
    expect(srv.authAttempts.map((a) => a.accepted)).toEqual([true]);
    // The new token is cached: the next message (a new connection) asks for none.
    await transport.sendMail(simpleMessage());
    expect(p.calls).toHaveLength(1);
    expect(srv.authAttempts.map((a) => a.accepted)).toEqual([true, true]);
  });

  it('gets a token when none is configured; a plain string result has no expiry', async () => {
    const srv = await startOAuthServer({ current: NEW_TOKEN });
    const p = provider(() => NEW_TOKEN);
    const { transport, tokens } = oauthTransport(srv, { getAccessToken: p.getAccessToken });
    await transport.sendMail(simpleMessage());
    await transport.sendMail(simpleMessage());
    expect(p.calls).toEqual([USER]);
    expect(tokens).toEqual([{ user: USER, accessToken: NEW_TOKEN, expires: undefined }]);
  });

  it('a token refused by the server is replaced once and AUTH retried on the same connection', async () => {
    const authority = { current: NEW_TOKEN };
    const srv = await startOAuthServer(authority);
    const p = provider(() => NEW_TOKEN);
    const { transport, tokens } = oauthTransport(srv, { accessToken: OLD_TOKEN, getAccessToken: p.getAccessToken });
    await transport.sendMail(simpleMessage());
    expect(p.calls).toEqual([USER]);
    expect(srv.authAttempts.map((a) => a.accepted)).toEqual([false, true]);
    expect(srv.connectionCount()).toBe(1);
    expect(tokens.map((t) => t.accessToken)).toEqual([NEW_TOKEN]);
  });

  it('F14 XOAUTH2 refusal (334 base64 JSON, empty line, 535): one refresh and retry, a second refusal is EAUTH 535, token event, no MAIL', async () => {
    const srv = await startOAuthServer({ current: 'a-token-nobody-has' });
    const p = provider(() => NEW_TOKEN);
    const lines: string[] = [];
    const { transport, tokens } = oauthTransport(srv, { accessToken: OLD_TOKEN, getAccessToken: p.getAccessToken }, { debug: true, logger: spyLogger(lines) });
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error?.code).toBe('EAUTH');
    expect(outcome.error?.responseCode).toBe(535);
    expect(outcome.error?.phase).toBe('auth');
    expect(outcome.error?.delivery).toBe('not-sent');
    expect(outcome.callbackCalls).toBe(1);
    expect(p.calls).toEqual([USER]);
    expect(tokens).toEqual([{ user: USER, accessToken: NEW_TOKEN, expires: undefined }]);
    expect(srv.authAttempts.map((a) => a.accepted)).toEqual([false, false]);
    // Each refusal: the 334 challenge was answered with an empty line before the server's 535.
    expect(lines.filter((line) => /S: 334 /.test(line))).toHaveLength(2);
    expect(lines.filter((line) => /^debug C: $/.test(line))).toHaveLength(2);
    expect(lines.filter((line) => /S: 535/.test(line))).toHaveLength(2);
    expect(srv.commands.filter((c) => c.command === 'MAIL')).toEqual([]);
    expectNoTokens([...lines, ...errorTexts(outcome.error)], [OLD_TOKEN, NEW_TOKEN]);
  });

  it('F14 tokens never appear in debug logs or errors, across refresh, success and failure', async () => {
    const authority = { current: NEW_TOKEN };
    const srv = await startOAuthServer(authority);
    const lines: string[] = [];
    const logged = { debug: true, logger: spyLogger(lines) } satisfies SmtpOptions;
    const ok = oauthTransport(srv, { accessToken: OLD_TOKEN, expires: Date.now() - 1, getAccessToken: async () => ({ accessToken: NEW_TOKEN, expires: Date.now() + HOUR_MS }) }, logged);
    await ok.transport.sendMail(simpleMessage());
    await ok.transport.verify();
    const failing = oauthTransport(srv, { accessToken: OLD_TOKEN, getAccessToken: async () => { throw new Error('invalid_grant'); } }, logged);
    const outcome = await observeSend(failing.transport, simpleMessage());
    expect(outcome.error?.code).toBe('EOAUTH2');
    expect(lines.some((line) => /AUTH XOAUTH2/.test(line))).toBe(true);
    expect(lines.some((line) => /MAIL FROM/.test(line))).toBe(true);
    expectNoTokens([...lines, ...errorTexts(outcome.error)], [OLD_TOKEN, NEW_TOKEN]);
  });

  it('a static token refused without getAccessToken is EAUTH after one attempt', async () => {
    const srv = await startOAuthServer({ current: NEW_TOKEN });
    const { transport } = oauthTransport(srv, { accessToken: OLD_TOKEN });
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error?.code).toBe('EAUTH');
    expect(srv.authAttempts).toHaveLength(1);
  });

  it('a static token past its expiry is still offered (only the server can refuse it)', async () => {
    const srv = await startOAuthServer({ current: OLD_TOKEN });
    const { transport } = oauthTransport(srv, { accessToken: OLD_TOKEN, expires: Date.now() - HOUR_MS });
    await transport.sendMail(simpleMessage());
    expect(srv.authAttempts.map((a) => a.accepted)).toEqual([true]);
  });

  it.each([
    ['throws', async (): Promise<AccessTokenResult> => { throw new Error('token endpoint said invalid_grant'); }, /invalid_grant/],
    ['resolves undefined', async () => undefined as unknown as AccessTokenResult, /no access token/],
    ['resolves an empty string', async () => '', /no access token/],
    ['resolves an object without accessToken', async () => ({ expires: Date.now() + HOUR_MS }) as AccessTokenResult, /no access token/],
  ])('getAccessToken that %s is EOAUTH2, and nothing is sent for AUTH', async (_what, getAccessToken, why) => {
    const srv = await startOAuthServer({ current: NEW_TOKEN });
    const { transport, tokens } = oauthTransport(srv, { accessToken: OLD_TOKEN, expires: Date.now() - 1000, getAccessToken });
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error?.code).toBe('EOAUTH2');
    expect(outcome.error?.phase).toBe('auth');
    expect(outcome.error?.message).toMatch(why);
    expect(outcome.callbackCalls).toBe(1);
    expect(srv.authAttempts).toEqual([]);
    expect(tokens).toEqual([]);
    await expect(transport.verify()).rejects.toMatchObject({ code: 'EOAUTH2' });
  });

  it('getAccessToken failing after a refusal is EOAUTH2', async () => {
    const srv = await startOAuthServer({ current: NEW_TOKEN });
    const { transport } = oauthTransport(srv, { accessToken: OLD_TOKEN, getAccessToken: async () => { throw new Error('offline'); } });
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error?.code).toBe('EOAUTH2');
    expect(srv.authAttempts.map((a) => a.accepted)).toEqual([false]);
  });

  it('a token listener that throws does not fail AUTH', async () => {
    const srv = await startOAuthServer({ current: NEW_TOKEN });
    const { transport } = oauthTransport(srv, { getAccessToken: async () => NEW_TOKEN });
    transport.on('token', () => {
      throw new Error('listener bug');
    });
    await expect(transport.sendMail(simpleMessage())).resolves.toMatchObject({ accepted: ['rcpt@example.test'] });
  });

  it('verify() refreshes an expired token and authenticates with it', async () => {
    const srv = await startOAuthServer({ current: NEW_TOKEN });
    const p = provider(() => NEW_TOKEN);
    const { transport, tokens } = oauthTransport(srv, { accessToken: OLD_TOKEN, expires: Date.now() - 1000, getAccessToken: p.getAccessToken });
    const verified = await observe(transport.verify());
    expect(verified.value).toBe(true);
    expect(p.calls).toEqual([USER]);
    expect(tokens.map((t) => t.accessToken)).toEqual([NEW_TOKEN]);
    expect(srv.authAttempts.map((a) => a.accepted)).toEqual([true]);
  });
});

describe('XOAUTH2 in a pool', () => {
  it('a pool of 5 with an expired token shares exactly one refresh', async () => {
    const srv = await startOAuthServer({ current: NEW_TOKEN });
    const p = provider(() => ({ accessToken: NEW_TOKEN, expires: Date.now() + HOUR_MS }), 50);
    const { transport, tokens } = oauthTransport(
      srv,
      { accessToken: OLD_TOKEN, expires: Date.now() - 1000, getAccessToken: p.getAccessToken },
      { pool: true, maxConnections: 5 },
    );
    const infos = await Promise.all(Array.from({ length: 8 }, (_, i) => transport.sendMail(simpleMessage({ subject: `pooled ${i}` }))));
    expect(infos).toHaveLength(8);
    expect(srv.messages).toHaveLength(8);
    expect(p.calls).toEqual([USER]);
    expect(tokens).toHaveLength(1);
    expect(srv.connectionCount()).toBe(5);
    expect(srv.authAttempts.map((a) => a.accepted)).toEqual([true, true, true, true, true]);
    await transport.close();
  });

  it('a pool of 5 whose token the server revoked makes one refresh, even when the refusals come after it', async () => {
    const srv = await startOAuthServer({ current: NEW_TOKEN });
    // An instant provider: later refusals of the old token find it already replaced, rather than joining a refresh in flight.
    const p = provider(() => NEW_TOKEN);
    const { transport, tokens } = oauthTransport(srv, { accessToken: OLD_TOKEN, getAccessToken: p.getAccessToken }, { pool: true, maxConnections: 5 });
    await Promise.all(Array.from({ length: 10 }, () => transport.sendMail(simpleMessage())));
    expect(srv.messages).toHaveLength(10);
    expect(p.calls).toEqual([USER]);
    expect(tokens).toHaveLength(1);
    const attempts = srv.authAttempts.map((a) => a.accepted);
    expect(attempts.filter(Boolean)).toHaveLength(srv.connectionCount());
    expect(attempts.filter((accepted) => !accepted).length).toBeLessThanOrEqual(srv.connectionCount());
    await transport.close();
  });

  it('a pool whose getAccessToken fails rejects every queued message with EOAUTH2, calling it once per attempt at most', async () => {
    const srv = await startOAuthServer({ current: NEW_TOKEN });
    const p = provider(() => Promise.reject(new Error('offline')), 20);
    const { transport } = oauthTransport(srv, { getAccessToken: p.getAccessToken }, { pool: true, maxConnections: 5 });
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => observeSend(transport, simpleMessage())));
    expect(outcomes.map((o) => o.error?.code)).toEqual(Array(6).fill('EOAUTH2'));
    expect(outcomes.every((o) => o.callbackCalls === 1)).toBe(true);
    expect(p.calls.length).toBeGreaterThanOrEqual(1);
    expect(p.calls.length).toBeLessThanOrEqual(5);
    expect(srv.messages).toEqual([]);
    await transport.close();
  });
});
