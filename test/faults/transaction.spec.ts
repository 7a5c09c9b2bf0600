import { describe, it, expect, afterEach } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import { startSmtpServer, type TestSmtpServer, type TestSmtpServerOptions } from '../helpers/smtp-server.js';
import { startScriptServer, type Script, type ScriptServer } from '../helpers/script-server.js';
import { esmtp, STALL, type EsmtpOptions } from '../helpers/esmtp-script.js';
import { observeSend, simpleMessage } from '../helpers/settle.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';

const TWO = simpleMessage({ to: ['good@x.test', 'bad@x.test'] });

const open: Array<TestSmtpServer | ScriptServer> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function real(options: TestSmtpServerOptions): Promise<TestSmtpServer> {
  const server = await startSmtpServer(options);
  open.push(server);
  return server;
}

async function scripted(script: Script | Script[]): Promise<ScriptServer> {
  const server = await startScriptServer(script);
  open.push(server);
  return server;
}

const scriptedEsmtp = (options: EsmtpOptions) => scripted(esmtp(options));
const verbsOf = (lines: string[]) => lines.map((line) => line.split(/[ :]/)[0]);

describe('faults: the mail transaction', () => {
  it.each([
    ['with PIPELINING', false],
    ['without PIPELINING', true],
  ])('F16 one RCPT 550 and one 250 resolves %s, listing both', async (_name, hidePIPELINING) => {
    const srv = await real({ hidePIPELINING, rejectRecipients: ['bad@x.test'] });
    const outcome = await observeSend(createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS }), TWO);
    expect(outcome.error).toBeUndefined();
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.value?.accepted).toEqual(['good@x.test']);
    expect(outcome.value?.rejected).toEqual(['bad@x.test']);
    expect(outcome.value?.rejectedErrors?.map((e) => [e.code, e.responseCode, e.phase])).toEqual([['EENVELOPE', 550, 'rcpt']]);
    expect(srv.messages.map((m) => m.envelope.to)).toEqual([['good@x.test']]);
  });

  it('F16 the first RCPT refused and the second accepted, in that order, on a scripted server', async () => {
    const srv = await scriptedEsmtp({ extensions: ['PIPELINING'], overrides: { 'RCPT#1': '550 5.1.1 no such user' } });
    const info = await createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS }).sendMail(simpleMessage({ to: ['bad@x.test', 'good@x.test'] }));
    expect(info.accepted).toEqual(['good@x.test']);
    expect(info.rejected).toEqual(['bad@x.test']);
    expect(info.rejectedErrors?.[0]?.responseCode).toBe(550);
    expect(info.rejectedErrors?.[0]?.enhancedStatus).toBe('5.1.1');
  });

  it('F17 every RCPT refused (451 and 550) is EENVELOPE listing all, and DATA is never sent', async () => {
    const srv = await real({ hidePIPELINING: true, rejectRecipients: (_address, index) => (index === 0 ? 451 : 550) });
    const outcome = await observeSend(createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS }), TWO);
    expect(outcome.error?.code).toBe('EENVELOPE');
    expect(outcome.error?.phase).toBe('rcpt');
    expect(outcome.error?.delivery).toBe('not-sent');
    expect(outcome.error?.rejected).toEqual(['good@x.test', 'bad@x.test']);
    expect(outcome.error?.rejectedErrors?.map((e) => e.responseCode)).toEqual([451, 550]);
    expect(outcome.callbackCalls).toBe(1);
    expect(srv.commands.map((c) => c.command)).not.toContain('DATA');
    expect(srv.messages).toEqual([]);
  });

  it('F17 every RCPT refused under PIPELINING: EENVELOPE and no message content delivered', async () => {
    const srv = await real({ rejectRecipients: ['good@x.test', 'bad@x.test'] });
    const outcome = await observeSend(createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS }), TWO);
    expect(outcome.error?.code).toBe('EENVELOPE');
    expect(outcome.error?.rejected).toEqual(['good@x.test', 'bad@x.test']);
    expect(srv.messages).toEqual([]);
    expect(srv.wireText()).not.toContain('Subject: fault test');
  });

  it('F18 pipelined DATA answered 354 after every RCPT failed: a lone "." ends it, the body is never sent', async () => {
    const srv = await scriptedEsmtp({ extensions: ['PIPELINING'], overrides: { RCPT: '550 5.1.1 no such user' } });
    const outcome = await observeSend(createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS }), TWO);
    expect(outcome.error?.code).toBe('EENVELOPE');
    expect(outcome.error?.rejected).toEqual(['good@x.test', 'bad@x.test']);
    expect(outcome.callbackCalls).toBe(1);
    expect(verbsOf(srv.commands()).slice(0, 5)).toEqual(['EHLO', 'MAIL', 'RCPT', 'RCPT', 'DATA']);
    expect(srv.connections[0]?.bodies.map((b) => b.toString('latin1'))).toEqual(['.\r\n']);
    expect(srv.transcript()).not.toContain('Subject:');
  });

  it.each([
    ['without PIPELINING', []],
    ['with PIPELINING', ['PIPELINING']],
  ])('F19 no reply to DATA %s is ETIMEDOUT within the command timeout; the connection is destroyed', async (_name, extensions) => {
    const srv = await scriptedEsmtp({ extensions, overrides: { DATA: STALL } });
    const transport = createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS, socketTimeout: 300 });
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error?.code).toBe('ETIMEDOUT');
    expect(outcome.error?.phase).toBe('data');
    expect(outcome.error?.delivery).toBe('not-sent');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeGreaterThanOrEqual(290);
    expect(outcome.ms).toBeLessThan(300 + 400);
    await srv.connections[0]?.closed;
    expect(srv.connections[0]?.isClosed).toBe(true);
    expect(srv.transcript()).not.toContain('Subject:');
  });

  it('F24 a surplus 250 after the MAIL reply is EPROTOCOL, never paired with RCPT; the connection is dropped', async () => {
    const srv = await scriptedEsmtp({ overrides: { MAIL: '250 2.1.0 OK\r\n250 2.0.0 surplus', RCPT: '550 5.1.1 no such user' } });
    const outcome = await observeSend(createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS }), simpleMessage());
    expect(outcome.error?.code).toBe('EPROTOCOL');
    expect(outcome.error?.rejected).toBeUndefined();
    expect(outcome.error?.responseCode).not.toBe(550);
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeLessThan(500);
    expect(srv.commands().filter((line) => line.startsWith('DATA'))).toEqual([]);
    expect(srv.connections[0]?.bodies).toEqual([]);
    await srv.connections[0]?.closed;
    expect(srv.connections[0]?.isClosed).toBe(true);
  });

  it('F24 in a pool, the desynchronised connection is discarded and the next message uses a new one', async () => {
    const srv = await scripted([esmtp({ overrides: { MAIL: '250 2.1.0 OK\r\n250 2.0.0 surplus' } }), esmtp()]);
    const transport = createTransport({ host: srv.host, port: srv.port, pool: true, maxConnections: 1, ...FAST_TIMEOUTS });
    const first = await observeSend(transport, simpleMessage());
    expect(first.error?.code).toBe('EPROTOCOL');
    const second = await observeSend(transport, simpleMessage());
    expect(second.value?.accepted).toEqual(['rcpt@example.test']);
    expect(srv.connectionCount()).toBe(2);
    expect(srv.connections[0]?.bodies).toEqual([]);
    expect(srv.connections[1]?.bodies).toHaveLength(1);
    await transport.close();
  });

  it('F24 a surplus reply right after the greeting is EPROTOCOL', async () => {
    const srv = await scriptedEsmtp({ greeting: '220 mx.test ESMTP\r\n250 2.0.0 surplus' });
    const outcome = await observeSend(createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS }), simpleMessage());
    expect(outcome.error?.code).toBe('EPROTOCOL');
    expect(outcome.ms).toBeLessThan(500);
    expect(srv.commands().filter((line) => line.startsWith('MAIL'))).toEqual([]);
  });

  it.each([
    ['FIN', 'close'],
    ['RST', 'destroy'],
  ] as const)('F26 the connection closed (%s) in the middle of a multi-line reply is ESOCKET at once', async (_name, how) => {
    const srv = await scripted(async (conn) => {
      await conn.reply('220 mx.test ESMTP');
      await conn.expect('EHLO');
      await conn.send('250-mx.test\r\n250-PIPELINING\r\n');
      await conn.wait(20);
      if (how === 'close') await conn.close();
      else conn.destroy();
    });
    const outcome = await observeSend(createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS, socketTimeout: 5000 }), simpleMessage());
    expect(outcome.error?.code).toBe('ESOCKET');
    expect(outcome.error?.phase).toBe('ehlo');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeLessThan(500);
  });
});
