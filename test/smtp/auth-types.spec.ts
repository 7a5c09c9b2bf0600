import { afterEach, describe, expect, it } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import type { AuthContext } from '../../lib/smtp/session-options.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { observeSend, simpleMessage } from '../helpers/settle.js';
import { SLOW_TIMEOUTS } from '../helpers/timeouts.js';

const USER = 'alice';
const PASS = 'wonder land';

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The README's multi-step example: AUTH LOGIN written as a customAuth handler (RFC 4954 §4 exchange). */
async function loginByHand(ctx: AuthContext): Promise<void> {
  if (!ctx.extensions.includes('AUTH')) throw new Error('the server offers no AUTH');
  const { user, pass } = ctx.auth as { user: string; pass: string };
  const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  let reply = await ctx.sendCommand('AUTH LOGIN');
  if (reply.code !== 334) throw new Error(`AUTH LOGIN refused: ${reply.code} ${reply.text}`);
  reply = await ctx.sendCommand(b64(user));
  if (reply.code !== 334) throw new Error(`user name refused: ${reply.code} ${reply.text}`);
  reply = await ctx.sendCommand(b64(pass));
  if (reply.code !== 235) throw new Error(`password refused: ${reply.code} ${reply.text}`);
}

describe('auth types', () => {
  it.each(['PLAIN', 'LOGIN', 'CRAM-MD5'])('login auth with authMethod %s', async (method) => {
    server = await startSmtpServer({ auth: { user: USER, pass: PASS } });
    const transport = createTransport({ host: server.host, port: server.port, auth: { user: USER, pass: PASS }, authMethod: method, ...SLOW_TIMEOUTS });
    await transport.sendMail(simpleMessage());
    expect(server.authAttempts).toEqual([expect.objectContaining({ method, username: USER, accepted: true })]);
  });

  it('login auth picks PLAIN by default, and falls back to what the server offers', async () => {
    server = await startSmtpServer({ auth: { user: USER, pass: PASS, methods: ['CRAM-MD5'] } });
    await createTransport({ host: server.host, port: server.port, auth: { type: 'login', user: USER, pass: PASS }, ...SLOW_TIMEOUTS }).verify();
    expect(server.authAttempts).toEqual([expect.objectContaining({ method: 'CRAM-MD5', accepted: true })]);
  });

  it('oauth2 with a static token', async () => {
    server = await startSmtpServer({ auth: { user: USER, accessToken: 'token-1', methods: ['XOAUTH2'] } });
    await createTransport({ host: server.host, port: server.port, auth: { type: 'oauth2', user: USER, accessToken: 'token-1' }, ...SLOW_TIMEOUTS }).sendMail(simpleMessage());
    expect(server.authAttempts).toEqual([expect.objectContaining({ method: 'XOAUTH2', accepted: true })]);
  });

  it('custom auth runs a multi-step handler', async () => {
    server = await startSmtpServer({ auth: { user: USER, pass: PASS, methods: ['LOGIN'] } });
    const transport = createTransport({
      host: server.host,
      port: server.port,
      auth: { type: 'custom', method: 'MY-LOGIN', user: USER, pass: PASS },
      customAuth: { 'MY-LOGIN': loginByHand },
      ...SLOW_TIMEOUTS,
    });
    await transport.sendMail(simpleMessage());
    expect(server.authAttempts).toEqual([expect.objectContaining({ method: 'LOGIN', username: USER, accepted: true })]);
    expect(server.messages).toHaveLength(1);
  });

  it('a custom handler that throws is EAUTH carrying its message, and nothing is sent', async () => {
    server = await startSmtpServer({ auth: { user: USER, pass: PASS, methods: ['LOGIN'] } });
    const transport = createTransport({
      host: server.host,
      port: server.port,
      auth: { type: 'custom', method: 'MY-LOGIN', user: USER, pass: 'wrong' },
      customAuth: { 'MY-LOGIN': loginByHand },
      ...SLOW_TIMEOUTS,
    });
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error?.code).toBe('EAUTH');
    expect(outcome.error?.phase).toBe('auth');
    expect(outcome.error?.message).toMatch(/^password refused: 535/);
    expect(outcome.error?.message).not.toContain('wrong');
    expect(server.messages).toEqual([]);
  });

  it('a customAuth handler named like a built-in mechanism replaces it', async () => {
    server = await startSmtpServer({ auth: { user: USER, pass: PASS, methods: ['LOGIN'] } });
    let calls = 0;
    const transport = createTransport({
      host: server.host,
      port: server.port,
      auth: { user: USER, pass: PASS },
      authMethod: 'LOGIN',
      customAuth: { LOGIN: async (ctx) => { calls += 1; await loginByHand(ctx); } },
      ...SLOW_TIMEOUTS,
    });
    await transport.verify();
    expect(calls).toBe(1);
    expect(server.authAttempts).toEqual([expect.objectContaining({ method: 'LOGIN', accepted: true })]);
  });
});
