import { describe, it, expect } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import type { SmtpOptions } from '../../lib/transport/options.js';
import { startScriptServer, repeatChunk, type ScriptServer } from '../helpers/script-server.js';
import { runInChild } from '../helpers/netns.js';
import type { FloodKind, FloodResult } from './scenarios/flood-memory.scenario.js';
import { observe, observeSend, simpleMessage } from '../helpers/settle.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';

const FLOOD_SCENARIO = new URL('./scenarios/flood-memory.scenario.ts', import.meta.url);

async function floodInChild(kind: FloodKind): Promise<FloodResult> {
  const outcome = await runInChild<FloodResult>(FLOOD_SCENARIO, { kind });
  if (!outcome.ok) throw new Error(`scenario failed: ${outcome.error.message}\n${outcome.output}`);
  return outcome.result;
}

const start = closedAfterEach(startScriptServer);

// F1 asserts the greeting timeout fires at its configured value (190-500 ms), so it is shorter than usual here.
const GREETING_TIMEOUTS = { ...FAST_TIMEOUTS, greetingTimeout: 200 } satisfies SmtpOptions;

function transportFor(srv: ScriptServer, options: SmtpOptions = {}) {
  return createTransport({ host: srv.host, port: srv.port, ...GREETING_TIMEOUTS, ...options });
}

describe('faults: the greeting', () => {
  it('F1 a server that never greets gives ETIMEDOUT at greetingTimeout, and the socket is destroyed', async () => {
    const srv = await start((conn) => conn.stall());
    const outcome = await observeSend(transportFor(srv), simpleMessage());
    expect(outcome.error?.code).toBe('ETIMEDOUT');
    expect(outcome.error?.phase).toBe('greeting');
    expect(outcome.error?.delivery).toBe('not-sent');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.callbackAgrees).toBe(true);
    expect(outcome.ms).toBeGreaterThanOrEqual(190);
    expect(outcome.ms).toBeLessThan(200 + 300);
    await srv.connections[0]?.closed;
    expect(srv.connections[0]?.isClosed).toBe(true);
    expect(srv.transcript()).toBe('');
  });

  it('F1 verify() against a server that never greets settles the same way', async () => {
    const srv = await start((conn) => conn.stall());
    const outcome = await observe(transportFor(srv).verify());
    expect(outcome.error?.code).toBe('ETIMEDOUT');
    expect(outcome.error?.phase).toBe('greeting');
    expect(outcome.ms).toBeLessThan(500);
  });

  it.each([421, 554])('F2 greeting %i then close is ECONNECTION with that responseCode, nothing sent', async (code) => {
    const srv = await start(async (conn) => {
      await conn.reply(`${code} mx.test service not available`);
      await conn.close();
    });
    const outcome = await observeSend(transportFor(srv), simpleMessage());
    expect(outcome.error?.code).toBe('ECONNECTION');
    expect(outcome.error?.responseCode).toBe(code);
    expect(outcome.error?.phase).toBe('greeting');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeLessThan(500);
    expect(srv.transcript()).toMatch(/^(QUIT\r\n)?$/);
  });

  it('F2 a 554 greeting left open (no close) is still ECONNECTION at once', async () => {
    const srv = await start(async (conn) => {
      await conn.reply('554 mx.test no SMTP service here');
      await conn.stall();
    });
    const outcome = await observeSend(transportFor(srv, { greetingTimeout: 2000 }), simpleMessage());
    expect(outcome.error?.code).toBe('ECONNECTION');
    expect(outcome.error?.responseCode).toBe(554);
    expect(outcome.ms).toBeLessThan(500);
    expect(srv.transcript()).not.toMatch(/EHLO|HELO|MAIL/);
  });

  it('F3 an HTTP greeting is EPROTOCOL', async () => {
    const srv = await start(async (conn) => {
      await conn.send('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
      await conn.stall();
    });
    const outcome = await observeSend(transportFor(srv, { greetingTimeout: 2000 }), simpleMessage());
    expect(outcome.error?.code).toBe('EPROTOCOL');
    expect(outcome.error?.phase).toBe('greeting');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeLessThan(500);
    expect(srv.transcript()).not.toMatch(/EHLO|MAIL/);
  });

  it('F4 endless greeting bytes without LF are EPROTOCOL at the line cap, long before greetingTimeout', async () => {
    let floodSent = 0;
    const srv = await start(async (conn) => {
      floodSent = await conn.flood(repeatChunk(Buffer.alloc(1024, 'A')));
    });
    const outcome = await observeSend(transportFor(srv, { greetingTimeout: 5000 }), simpleMessage());
    expect(outcome.error?.code).toBe('EPROTOCOL');
    expect(outcome.error?.phase).toBe('greeting');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeLessThan(500);
    await srv.connections[0]?.closed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The flood only ends when the client hangs up; the kernel buffers bound what was written meanwhile.
    expect(floodSent).toBeGreaterThan(8 * 1024);
    expect(srv.transcript()).toBe('');
  });

  it('F4 greeting bytes without LF: the client memory stays flat (measured in a child process)', async () => {
    const result = await floodInChild('greeting');
    expect(result.code).toBe('EPROTOCOL');
    expect(result.ms).toBeLessThan(500);
    // Design target 1 MB; the margin absorbs allocator noise, while unbounded buffering would show tens of MB.
    expect(result.peakGrowth).toBeLessThan(4 * 1024 * 1024);
  });
});
