import { describe, it, expect, afterEach, beforeAll } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { startScriptServer, type ScriptServer } from '../helpers/script-server.js';
import { esmtp } from '../helpers/esmtp-script.js';
import { observeSend, simpleMessage } from '../helpers/settle.js';
import { netnsSendBatch } from '../faults/scenarios/netns-send.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';

const USER = { user: 'alice', pass: 'wonder land' };

const NETNS = netnsSendBatch('B32', {
  refused: { server: { auth: { user: USER.user, pass: USER.pass } }, transport: { auth: USER, ...FAST_TIMEOUTS } },
  allowed: { server: { auth: { user: USER.user, pass: USER.pass } }, transport: { auth: USER, allowInsecureAuth: true, ...FAST_TIMEOUTS } },
  verify: { server: { auth: { user: USER.user, pass: USER.pass } }, transport: { auth: USER, ...FAST_TIMEOUTS }, verifyOnly: true },
});
const itInNetns = NETNS.it;
beforeAll(() => NETNS.load(), 30_000);

const open: Array<TestSmtpServer | ScriptServer> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('engine: credentials and AUTH input', () => {
  itInNetns('B32 plaintext AUTH to a non-loopback server is EAUTH naming allowInsecureAuth, before any AUTH byte', async () => {
    const result = NETNS.get('refused');
    expect(result.ok).toBe(false);
    expect(result.code).toBe('EAUTH');
    expect(result.phase).toBe('auth');
    expect(result.message).toMatch(/allowInsecureAuth/);
    expect(result.message).not.toContain(USER.pass);
    expect(result.ms).toBeLessThan(1000);
    expect(result.authAttempts).toBe(0);
    expect(result.serverCommands.filter((line) => /^AUTH/i.test(line))).toEqual([]);
    expect(result.wire).not.toMatch(/AUTH/i);
    expect(result.wire).not.toContain(Buffer.from(`\u0000${USER.user}\u0000${USER.pass}`).toString('base64'));
    expect(result.messages).toBe(0);
  });

  itInNetns('B32 with allowInsecureAuth: true the same send authenticates and is delivered', async () => {
    const result = NETNS.get('allowed');
    expect(result).toMatchObject({ ok: true, accepted: ['b@x.test'], authAttempts: 1, messages: 1, secure: false });
  });

  itInNetns('B32 verify() refuses plaintext AUTH to a non-loopback server the same way', async () => {
    const result = NETNS.get('verify');
    expect(result).toMatchObject({ ok: false, code: 'EAUTH', phase: 'auth', authAttempts: 0 });
    expect(result.message).toMatch(/allowInsecureAuth/);
  });

  it('B32 plaintext AUTH to a loopback server proceeds (the connected address is 127.0.0.1)', async () => {
    const server = await startSmtpServer({ auth: { user: USER.user, pass: USER.pass } });
    open.push(server);
    const info = await createTransport({ host: server.host, port: server.port, auth: USER, ...FAST_TIMEOUTS }).sendMail(simpleMessage());
    expect(info.accepted).toEqual(['rcpt@example.test']);
    expect(server.authAttempts).toEqual([expect.objectContaining({ accepted: true, secure: false })]);
  });

  it.each([
    ['CRLF', 'X\r\nMAIL FROM:<e@x>'],
    ['a bare LF', 'X\nMAIL FROM:<e@x>'],
    ['a bare CR', 'X\rMAIL FROM:<e@x>'],
  ])('B33 customAuth sendCommand with %s is refused and nothing is injected', async (_name, line) => {
    const server = await startScriptServer(esmtp({ extensions: ['AUTH XTEST PLAIN'] }));
    open.push(server);
    const seen: unknown[] = [];
    const transport = createTransport({
      host: server.host,
      port: server.port,
      auth: { type: 'custom', method: 'XTEST', user: 'u' },
      customAuth: {
        XTEST: async (ctx) => {
          try {
            await ctx.sendCommand(line);
          } catch (err) {
            seen.push(err);
            throw err;
          }
        },
      },
      ...FAST_TIMEOUTS,
    });
    const outcome = await observeSend(transport, simpleMessage());
    expect(['EAUTH', 'EPROTOCOL']).toContain(outcome.error?.code);
    expect(outcome.error?.phase).toBe('auth');
    expect(outcome.callbackCalls).toBe(1);
    expect(seen).toHaveLength(1);
    expect(server.transcript()).not.toContain('MAIL FROM:<e@x>');
    expect(server.commands().filter((l) => l.startsWith('X') || l.startsWith('MAIL'))).toEqual([]);
  });

  it('B33 a customAuth handler that swallows the refusal still cannot inject, and the dialogue stays in sync', async () => {
    const server = await startScriptServer(esmtp({ extensions: ['AUTH XTEST'] }));
    open.push(server);
    const transport = createTransport({
      host: server.host,
      port: server.port,
      auth: { type: 'custom', method: 'XTEST', user: 'u' },
      customAuth: {
        XTEST: async (ctx) => {
          await ctx.sendCommand('X\r\nMAIL FROM:<e@x>').catch(() => undefined);
          const reply = await ctx.sendCommand('AUTH XTEST dG9rZW4=');
          if (reply.code !== 235) throw new Error(`refused ${reply.code}`);
        },
      },
      ...FAST_TIMEOUTS,
    });
    const info = await transport.sendMail(simpleMessage());
    expect(info.accepted).toEqual(['rcpt@example.test']);
    expect(server.commands().filter((l) => l.startsWith('MAIL'))).toEqual(['MAIL FROM:<sender@example.test>']);
    expect(server.transcript()).not.toContain('MAIL FROM:<e@x>');
  });
});
