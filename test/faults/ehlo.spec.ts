import { describe, it, expect } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import type { SmtpOptions } from '../../lib/transport/options.js';
import { startScriptServer, repeatChunk, type Script, type ScriptServer } from '../helpers/script-server.js';
import { esmtp } from '../helpers/esmtp-script.js';
import { runInChild } from '../helpers/netns.js';
import type { FloodKind, FloodResult } from './scenarios/flood-memory.scenario.js';
import { observeSend, simpleMessage } from '../helpers/settle.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';

const FLOOD_SCENARIO = new URL('./scenarios/flood-memory.scenario.ts', import.meta.url);

async function floodInChild(kind: FloodKind): Promise<FloodResult> {
  const outcome = await runInChild<FloodResult>(FLOOD_SCENARIO, { kind });
  if (!outcome.ok) throw new Error(`scenario failed: ${outcome.error.message}\n${outcome.output}`);
  return outcome.result;
}

const start = closedAfterEach(startScriptServer);

// F5 and F6 assert the reply caps end a flood long before socketTimeout; a long one ensures a cap, not a timeout, ends it.
const EHLO_TIMEOUTS = { ...FAST_TIMEOUTS, socketTimeout: 5000 } satisfies SmtpOptions;

function transportFor(srv: ScriptServer, options: SmtpOptions = {}) {
  return createTransport({ host: srv.host, port: srv.port, ...EHLO_TIMEOUTS, ...options });
}

/** Greets, reads EHLO, then floods the reply with `chunk` until the client hangs up. */
function floodEhloReply(prefix: string, chunk: string, sent: { bytes: number; done: boolean }): Script {
  return async (conn) => {
    await conn.reply('220 mx.test ESMTP');
    await conn.expect('EHLO');
    await conn.send(prefix);
    sent.bytes = await conn.flood(repeatChunk(chunk));
    sent.done = true;
  };
}

describe('faults: EHLO', () => {
  it('F5 an endless multi-line EHLO reply is EPROTOCOL at the reply cap, long before socketTimeout', async () => {
    const sent = { bytes: 0, done: false };
    const srv = await start(floodEhloReply('', '250-xxx\r\n'.repeat(100), sent));
    const outcome = await observeSend(transportFor(srv), simpleMessage());
    expect(outcome.error?.code).toBe('EPROTOCOL');
    expect(outcome.error?.phase).toBe('ehlo');
    expect(outcome.callbackCalls).toBe(1);
    // Half the socket timeout: a wide margin for a loaded machine, and still far from waiting for the timer.
    expect(outcome.ms).toBeLessThan(2500);
    expect(srv.transcript()).not.toMatch(/MAIL|QUIT/);
  });

  it('F6 one endless EHLO line is EPROTOCOL at the line cap while the server is still sending', async () => {
    const sent = { bytes: 0, done: false };
    const srv = await start(floodEhloReply('250-', 'x'.repeat(4096), sent));
    const outcome = await observeSend(transportFor(srv), simpleMessage());
    expect(outcome.error?.code).toBe('EPROTOCOL');
    expect(outcome.error?.phase).toBe('ehlo');
    expect(outcome.callbackCalls).toBe(1);
    // Half the socket timeout: a wide margin for a loaded machine, and still far from waiting for the timer.
    expect(outcome.ms).toBeLessThan(2500);
    // The flood is endless: it stopped only because the client hung up, i.e. the client did not wait for it.
    await srv.connections[0]?.closed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent.done).toBe(true);
    expect(srv.connections[0]?.isClosed).toBe(true);
  });

  it('F7 EHLO refused with 502 falls back to HELO and the message is delivered', async () => {
    const srv = await start(esmtp({ extensions: ['PIPELINING'], overrides: { EHLO: '502 5.5.1 EHLO not implemented' } }));
    const outcome = await observeSend(transportFor(srv), simpleMessage());
    expect(outcome.error).toBeUndefined();
    expect(outcome.value?.accepted).toEqual(['rcpt@example.test']);
    expect(outcome.callbackCalls).toBe(1);
    const verbs = srv.commands().map((line) => line.split(/[ :]/)[0]);
    expect(verbs.slice(0, 5)).toEqual(['EHLO', 'HELO', 'MAIL', 'RCPT', 'DATA']);
    expect(srv.connections[0]?.bodies).toHaveLength(1);
  });

  it('F7 EHLO refused, HELO ok, with requireTLS: ETLS and nothing sent', async () => {
    const srv = await start(esmtp({ overrides: { EHLO: '502 5.5.1 EHLO not implemented' } }));
    const outcome = await observeSend(transportFor(srv, { requireTLS: true }), simpleMessage());
    expect(outcome.error?.code).toBe('ETLS');
    expect(outcome.error?.delivery).toBe('not-sent');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeLessThan(500);
    expect(srv.commands().filter((line) => /^(MAIL|RCPT|DATA|AUTH)/.test(line))).toEqual([]);
  });

  it('F5 endless EHLO lines: the client memory stays flat (measured in a child process)', async () => {
    const result = await floodInChild('ehlo-lines');
    expect(result.code).toBe('EPROTOCOL');
    expect(result.ms).toBeLessThan(500);
    // Design target 1 MB; the margin absorbs allocator noise, while unbounded buffering would show tens of MB.
    expect(result.peakGrowth).toBeLessThan(4 * 1024 * 1024);
  });

  it('F6 one endless EHLO line: the client memory stays flat (measured in a child process)', async () => {
    const result = await floodInChild('ehlo-line');
    expect(result.code).toBe('EPROTOCOL');
    expect(result.ms).toBeLessThan(500);
    // Design target 1 MB; the margin absorbs allocator noise, while unbounded buffering would show tens of MB.
    expect(result.peakGrowth).toBeLessThan(4 * 1024 * 1024);
  });
});
