import { describe, it, expect, afterEach } from '@jest/globals';
import { setTimeout as delay } from 'node:timers/promises';
import { createTransport } from '../../lib/transport/transport.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { startScriptServer, type Script, type ScriptServer } from '../helpers/script-server.js';
import { esmtp } from '../helpers/esmtp-script.js';
import { observeSend, simpleMessage } from '../helpers/settle.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';

const USER = { user: 'alice', pass: 'wonder land' };

const open: Array<TestSmtpServer | ScriptServer> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function scripted(script: Script): Promise<ScriptServer> {
  const server = await startScriptServer(script);
  open.push(server);
  return server;
}

/** Counts the lines the client sent after its AUTH command (its answers to challenges). */
function answersAfterAuth(lines: string[]): number {
  const start = lines.findIndex((line) => line.startsWith('AUTH'));
  return start < 0 ? 0 : lines.slice(start + 1).filter((line) => !/^(QUIT|RSET)/.test(line)).length;
}

describe('faults: AUTH', () => {
  it.each(['PLAIN', 'LOGIN', 'CRAM-MD5'])('F12 AUTH %s answered 535 5.7.8 is EAUTH with responseCode 535, no MAIL', async (method) => {
    const srv = await scripted(esmtp({ extensions: ['AUTH PLAIN LOGIN CRAM-MD5'], overrides: { AUTH: '535 5.7.8 Authentication credentials invalid' } }));
    const transport = createTransport({ host: srv.host, port: srv.port, auth: USER, authMethod: method, ...FAST_TIMEOUTS });
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error?.code).toBe('EAUTH');
    expect(outcome.error?.responseCode).toBe(535);
    expect(outcome.error?.enhancedStatus).toBe('5.7.8');
    expect(outcome.error?.phase).toBe('auth');
    expect(outcome.error?.delivery).toBe('not-sent');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeLessThan(500);
    expect(srv.commands().filter((line) => line.startsWith('AUTH'))).toEqual([expect.stringMatching(new RegExp(`^AUTH ${method}`))]);
    expect(srv.commands().filter((line) => /^(MAIL|RCPT|DATA)/.test(line))).toEqual([]);
  });

  it('F12 a pool with wrong credentials does not retry AUTH in a loop', async () => {
    const srv = await startSmtpServer({ auth: { user: USER.user, pass: USER.pass } });
    open.push(srv);
    const transport = createTransport({ host: srv.host, port: srv.port, pool: true, maxConnections: 2, auth: { user: USER.user, pass: 'wrong' }, ...FAST_TIMEOUTS });
    const outcomes = await Promise.all([1, 2, 3].map(() => observeSend(transport, simpleMessage())));
    expect(outcomes.map((o) => o.error?.code)).toEqual(['EAUTH', 'EAUTH', 'EAUTH']);
    expect(outcomes.map((o) => o.error?.responseCode)).toEqual([535, 535, 535]);
    expect(outcomes.map((o) => o.callbackCalls)).toEqual([1, 1, 1]);
    const attempts = srv.authAttempts.length;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(3);
    await delay(300);
    expect(srv.authAttempts).toHaveLength(attempts);
    expect(srv.messages).toEqual([]);
    await transport.close();
  });

  it('F13 endless 334 challenges end in EAUTH after at most 5 answers, long before socketTimeout', async () => {
    const srv = await scripted(async (conn) => {
      await conn.reply('220 mx.test ESMTP');
      await conn.expect('EHLO');
      await conn.reply('250-mx.test\r\n250 AUTH LOGIN PLAIN');
      await conn.expect('AUTH');
      for (;;) {
        await conn.reply('334 UGFzc3dvcmQ6');
        await conn.readLine();
      }
    });
    const transport = createTransport({ host: srv.host, port: srv.port, auth: USER, authMethod: 'LOGIN', ...FAST_TIMEOUTS });
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error?.code).toBe('EAUTH');
    expect(outcome.error?.phase).toBe('auth');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeLessThan(500);
    expect(answersAfterAuth(srv.commands())).toBeLessThanOrEqual(5);
    expect(srv.commands().filter((line) => line.startsWith('MAIL'))).toEqual([]);
  });
});
