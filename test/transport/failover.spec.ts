import { describe, it, expect, afterEach } from '@jest/globals';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { createTransport } from '../../lib/transport/transport.js';
import { FailoverTransport } from '../../lib/transport/failover-transport.js';
import type { FailoverEvent } from '../../lib/transport/failover-options.js';
import type { SmtpOptions } from '../../lib/transport/options.js';
import { startSmtpServer, waitFor, type TestSmtpServer } from '../helpers/smtp-server.js';
import { startScriptServer, type Script, type ScriptServer } from '../helpers/script-server.js';
import { esmtp, CLOSE, DESTROY } from '../helpers/esmtp-script.js';
import { closedPort } from '../helpers/free-port.js';
import { rejectionOf } from '../helpers/settle.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';

const message = (n = 1) => ({ from: 'app@example.test', to: 'ann@example.test', subject: `message ${n}`, text: `body ${n}` });
const at = (port: number, extra: SmtpOptions = {}): SmtpOptions => ({ host: '127.0.0.1', port, ...FAST_TIMEOUTS, ...extra });

const servers: Array<{ close(): Promise<void> }> = [];
let transport: FailoverTransport | undefined;

afterEach(async () => {
  await transport?.close();
  transport = undefined;
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function smtp(): Promise<TestSmtpServer> {
  const server = await startSmtpServer();
  servers.push(server);
  return server;
}

async function scripted(scripts: Script | Script[]): Promise<ScriptServer> {
  const server = await startScriptServer(scripts);
  servers.push(server);
  return server;
}

function bodiesOf(server: ScriptServer): number {
  return server.connections.reduce((sum, conn) => sum + conn.bodies.length, 0);
}

describe('failover transport', () => {
  it('delivers through the backup when the primary refuses the connection, and says so', async () => {
    const backup = await smtp();
    const events: FailoverEvent[] = [];
    transport = createTransport([at(await closedPort()), at(backup.port)], {}, { onFailover: (event) => events.push(event) });
    const info = await transport.sendMail(message());
    expect(info.transport).toEqual({ index: 1, name: `127.0.0.1:${backup.port}` });
    expect(info.accepted).toEqual(['ann@example.test']);
    expect(backup.messages).toHaveLength(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ from: { index: 0 }, to: { index: 1 }, resting: true, error: { code: 'ECONNECTION', delivery: 'not-sent' } });
  });

  it.each([
    ['close', CLOSE],
    ['RST', DESTROY],
  ])('reports a drop after the final dot (%s) as uncertain and never sends the message to the backup', async (_name, action) => {
    const primary = await scripted(esmtp({ overrides: { '.': action } }));
    const backup = await smtp();
    transport = createTransport([at(primary.port), at(backup.port)]);
    const err = await rejectionOf(transport.sendMail(message()));
    expect(err).toMatchObject({ phase: 'end', delivery: 'uncertain' });
    expect(err.message).toContain(`transport 0 (127.0.0.1:${primary.port})`);
    expect(bodiesOf(primary)).toBe(1);
    expect(backup.connectionCount()).toBe(0);
    expect(backup.messages).toHaveLength(0);
  });

  it('passes over a primary that could not be used until its cool-down ends, then uses it again', async () => {
    // The first connection is turned away at the greeting; every later one is served.
    const primary = await scripted([esmtp({ greeting: ['421 4.3.2 try later', CLOSE] }), esmtp()]);
    const backup = await smtp();
    transport = createTransport([at(primary.port), at(backup.port)], {}, { cooldownMs: 400 });
    expect((await transport.sendMail(message(1))).transport?.index).toBe(1);
    // Resting: not even contacted.
    expect((await transport.sendMail(message(2))).transport?.index).toBe(1);
    expect(primary.connectionCount()).toBe(1);
    await delay(450);
    expect((await transport.sendMail(message(3))).transport?.index).toBe(0);
    expect(primary.connectionCount()).toBe(2);
    expect(bodiesOf(primary)).toBe(1);
    expect(backup.messages.map((m) => m.raw.toString()).join()).not.toContain('message 3');
  });

  it('still tries a resting transport, last, when every other one fails', async () => {
    const primary = await scripted([esmtp({ greeting: ['421 4.3.2 try later', CLOSE] }), esmtp()]);
    const backupPort = await closedPort();
    transport = createTransport([at(primary.port), at(backupPort)], {}, { cooldownMs: 60_000 });
    const first = await rejectionOf(transport.sendMail(message(1)));
    expect(first).toMatchObject({ code: 'ECONNECTION', delivery: 'not-sent' });
    expect(first.message).toContain(`2 transports tried; last transport 1 (127.0.0.1:${backupPort})`);
    // Both rest now; the primary (back up) is still tried rather than the message refused untried.
    const info = await transport.sendMail(message(2));
    expect(info.transport?.index).toBe(0);
  });

  it('round-robin starts each message at the next transport', async () => {
    const a = await smtp();
    const b = await smtp();
    transport = createTransport([at(a.port), at(b.port)], {}, { strategy: 'round-robin' });
    const used: number[] = [];
    for (let n = 1; n <= 4; n += 1) used.push((await transport.sendMail(message(n))).transport!.index);
    expect(used).toEqual([0, 1, 0, 1]);
    expect([a.messages.length, b.messages.length]).toEqual([2, 2]);
  });

  it('round-robin still fails over from a transport that is down', async () => {
    const b = await smtp();
    transport = createTransport([at(await closedPort()), at(b.port)], {}, { strategy: 'round-robin' });
    for (let n = 1; n <= 3; n += 1) expect((await transport.sendMail(message(n))).transport?.index).toBe(1);
    expect(b.messages).toHaveLength(3);
  });

  it('tries the backup when the primary refuses every recipient, without resting the primary', async () => {
    const primary = await scripted(esmtp({ overrides: { RCPT: '550 5.7.1 relaying denied' } }));
    const backup = await smtp();
    const events: FailoverEvent[] = [];
    transport = createTransport([at(primary.port), at(backup.port)], {}, { onFailover: (event) => events.push(event) });
    expect((await transport.sendMail(message(1))).transport?.index).toBe(1);
    expect(events[0]).toMatchObject({ resting: false, error: { code: 'EENVELOPE', responseCode: 550 } });
    // Not resting: the next message asks the primary first again.
    await transport.sendMail(message(2));
    expect(primary.connectionCount()).toBe(2);
  });

  it("with onRefusal: 'report', a server's refusal is reported and the backup is not asked", async () => {
    const primary = await scripted(esmtp({ overrides: { RCPT: '550 5.1.1 no such user' } }));
    const backup = await smtp();
    transport = createTransport([at(primary.port), at(backup.port)], {}, { onRefusal: 'report' });
    const err = await rejectionOf(transport.sendMail(message()));
    expect(err).toMatchObject({ code: 'EENVELOPE', responseCode: 550, delivery: 'not-sent' });
    expect(backup.connectionCount()).toBe(0);
  });

  it('reports a message our own checks refuse, connecting to no server', async () => {
    const primary = await smtp();
    const backup = await smtp();
    transport = createTransport([at(primary.port), at(backup.port)]);
    const err = await rejectionOf(transport.sendMail({ ...message(), to: 'bad\r\naddress@example.test' }));
    expect(err.code).toBe('EENVELOPE');
    expect(primary.connectionCount() + backup.connectionCount()).toBe(0);
  });

  it('moves a string body to the backup after a reset mid-body, but never a stream the primary has read', async () => {
    // Larger than one write, so the reset comes while the body streams, before the final dot.
    const chunk = 'line of text\n'.repeat(4000);
    const resetInBody = esmtp({ overrides: { DATA: ['354 go ahead', DESTROY] } });
    const primary = await scripted(resetInBody);
    const backup = await smtp();
    // Half a megabyte through a scripted server can stall on a loaded machine; no timeout is tested here.
    const roomy = { socketTimeout: 5000 };
    // No rest, so that the second message is offered to the primary too.
    transport = createTransport([at(primary.port, roomy), at(backup.port, roomy)], {}, { cooldownMs: 0 });
    const info = await transport.sendMail({ ...message(1), text: chunk.repeat(10) });
    expect(info.transport?.index).toBe(1);
    const err = await rejectionOf(transport.sendMail({ ...message(2), text: Readable.from(Array.from({ length: 10 }, () => chunk)) }));
    expect(err).toMatchObject({ delivery: 'not-sent' });
    expect(['body', 'end']).toContain(err.phase);
    expect(primary.connectionCount()).toBe(2);
    expect(backup.messages).toHaveLength(1);
  });

  it('verify resolves when any transport can be reached and rejects with the first one\'s error when none can', async () => {
    const backup = await smtp();
    const primaryPort = await closedPort();
    transport = createTransport([at(primaryPort), at(backup.port)]);
    await expect(transport.verify()).resolves.toBe(true);
    const down = createTransport([at(primaryPort), at(await closedPort())]);
    const err = await rejectionOf(down.verify());
    expect(err.code).toBe('ECONNECTION');
    expect(err.message).toContain(`transport 0 (127.0.0.1:${primaryPort})`);
    await down.close();
  });

  it('a verify cut short by its caller\'s deadline lets no transport rest', async () => {
    // The first session (the verify's) never gets a greeting; later ones are served.
    const primary = await scripted([async (conn) => conn.stall(), esmtp()]);
    const backup = await smtp();
    transport = createTransport([at(primary.port, { greetingTimeout: 5000 }), at(backup.port)]);
    const abort = new AbortController();
    const deadline = setTimeout(() => abort.abort(), 500);
    try {
      // The backup answers, so the transport is usable; the primary's check is then cut short by the deadline.
      await expect(transport.verify({ signal: abort.signal })).resolves.toBe(true);
      await waitFor(() => primary.connections[0]?.isClosed === true, 3000);
    } finally {
      clearTimeout(deadline);
    }
    // Not resting: the next message goes to the primary.
    expect((await transport.sendMail(message())).transport?.index).toBe(0);
  });

  it('compiles a template renderer shared by every transport once', async () => {
    let compiled = 0;
    const templates = { compile: async () => void (compiled += 1), render: () => ({ subject: 'Welcome', text: 'Hello' }) };
    const backup = await smtp();
    transport = createTransport([at(await closedPort(), { templates }), at(backup.port, { templates })]);
    await transport.compileTemplates();
    expect(compiled).toBe(1);
    const info = await transport.sendMail({ from: 'app@example.test', to: 'ann@example.test', template: 'welcome' });
    expect(info.transport?.index).toBe(1);
    expect((await backup.parse(0)).subject).toBe('Welcome');
  });

  it('close() closes every transport; later sends reject with ECLOSED', async () => {
    const a = await smtp();
    const b = await smtp();
    transport = createTransport([at(a.port, { pool: true }), at(b.port, { pool: true })], {}, { strategy: 'round-robin' });
    await Promise.all([transport.sendMail(message(1)), transport.sendMail(message(2))]);
    await transport.close();
    for (const member of transport.transports) expect(await rejectionOf(member.sendMail(message(3)))).toMatchObject({ code: 'ECLOSED' });
    expect(await rejectionOf(transport.sendMail(message(4)))).toMatchObject({ code: 'ECLOSED' });
    expect(a.server.connections.size + b.server.connections.size).toBe(0);
  });

  it('refuses bad failover configuration at once with ECONFIG', () => {
    expect(() => createTransport([])).toThrow(expect.objectContaining({ code: 'ECONFIG' }));
    expect(() => createTransport(['smtp://a.test'], {}, { strategy: 'random' as never })).toThrow(/strategy/);
    expect(() => createTransport(['smtp://a.test'], {}, { cooldownMs: -1 })).toThrow(/cooldownMs/);
    expect(() => createTransport(['smtp://a.test'], {}, { coolDown: 5 } as never)).toThrow(/coolDown/);
    expect(() => createTransport(['smtp://a.test', 'ftp://b.test'])).toThrow(/transport 1/);
  });
});
