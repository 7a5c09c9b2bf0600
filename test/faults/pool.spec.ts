import { describe, it, expect, afterEach } from '@jest/globals';
import { Readable } from 'node:stream';
import { createTransport } from '../../lib/transport/transport.js';
import type { SmtpError } from '../../lib/core/errors.js';
import type { SmtpOptions } from '../../lib/transport/options.js';
import { startScriptServer, type Script, type ScriptServer } from '../helpers/script-server.js';
import { esmtp, CLOSE, DESTROY, STALL } from '../helpers/esmtp-script.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { rejectionOf } from '../helpers/settle.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';

const EXTENSIONS = ['PIPELINING', '8BITMIME'];
const message = (n = 1) => ({ from: 'a@example.test', to: 'b@example.test', subject: `message ${n}`, text: `body ${n}` });

let script: ScriptServer | undefined;
let smtp: TestSmtpServer | undefined;
afterEach(async () => {
  await script?.close();
  await smtp?.close();
  script = smtp = undefined;
});

async function startScript(scripts: Script | Script[]): Promise<ScriptServer> {
  script = await startScriptServer(scripts);
  return script;
}

function transportFor(port: number, options: SmtpOptions = {}) {
  return createTransport({ host: '127.0.0.1', port, ...FAST_TIMEOUTS, ...options });
}

/** Counts how many message bodies ended with the final dot, over every connection. */
function deliveredBodies(srv: ScriptServer): number {
  return srv.connections.reduce((sum, conn) => sum + conn.bodies.length, 0);
}

describe('faults: pool and close', () => {
  it('F15 421 to MAIL on a reused connection: discarded, retried once on a new connection, resolves', async () => {
    const srv = await startScript([esmtp({ extensions: EXTENSIONS, overrides: { 'MAIL#2': ['421 4.3.2 shutting down', CLOSE] } }), esmtp({ extensions: EXTENSIONS })]);
    const transport = transportFor(srv.port, { pool: true, maxConnections: 1 });
    await transport.sendMail(message(1));
    const info = await transport.sendMail(message(2));
    expect(info.accepted).toEqual(['b@example.test']);
    expect(srv.connectionCount()).toBe(2);
    expect(srv.connections[1].bodies).toHaveLength(1);
    await transport.close();
  });

  it('F15 without a pool, 421 to MAIL is reported and never retried', async () => {
    const srv = await startScript(esmtp({ extensions: EXTENSIONS, overrides: { MAIL: ['421 4.3.2 shutting down', CLOSE] } }));
    const err = await rejectionOf(transportFor(srv.port).sendMail(message()));
    expect(err).toMatchObject({ code: 'ECONNECTION', responseCode: 421, delivery: 'not-sent' });
    expect(srv.connectionCount()).toBe(1);
  });

  it('F20 RST while the body streams: ESOCKET, not resolved; a pool retries because the dot was not written', async () => {
    // Larger than what is written in one piece, so the content really streams; a string can be composed again.
    const big = 'line of text\n'.repeat(40_000);
    const rstAfter354 = esmtp({ overrides: { DATA: ['354 go ahead', DESTROY] } });
    const srv = await startScript([rstAfter354, rstAfter354, esmtp()]);
    // Three half-megabyte bodies through a scripted server can stall past 1 s on a loaded machine; no timeout is tested here.
    const roomy = { socketTimeout: 5000 };
    const alone = await rejectionOf(transportFor(srv.port, roomy).sendMail({ ...message(), text: big }));
    expect(alone.code).toBe('ESOCKET');
    expect(['body', 'end']).toContain(alone.phase);
    expect(alone.delivery).toBe('not-sent');
    const pooled = transportFor(srv.port, { ...roomy, pool: true, maxConnections: 1 });
    const info = await pooled.sendMail({ ...message(), text: big });
    expect(info.accepted).toEqual(['b@example.test']);
    expect(srv.connectionCount()).toBe(3);
    expect(srv.connections[2].bodies).toHaveLength(1);
    await pooled.close();
  });

  it.each([
    ['close', CLOSE],
    ['RST', DESTROY],
  ])('F21 final dot received, then %s: phase end, delivery uncertain, never resent by the pool', async (_name, action) => {
    const srv = await startScript([esmtp({ overrides: { '.': action } }), esmtp()]);
    const transport = transportFor(srv.port, { pool: true, maxConnections: 2 });
    const err = await rejectionOf(transport.sendMail(message()));
    expect(err).toMatchObject({ phase: 'end', delivery: 'uncertain' });
    expect(['ESOCKET', 'ECONNECTION']).toContain(err.code);
    await transport.close();
    expect(srv.connectionCount()).toBe(1);
    expect(srv.connections[0].bodies).toHaveLength(1);
  });

  it('F22 final dot received, then silence: ETIMEDOUT at the socket timeout, delivery uncertain', async () => {
    const srv = await startScript([esmtp({ overrides: { '.': STALL } }), esmtp()]);
    const transport = transportFor(srv.port, { pool: true, socketTimeout: 300 });
    const started = Date.now();
    const err = await rejectionOf(transport.sendMail(message()));
    expect(err).toMatchObject({ code: 'ETIMEDOUT', phase: 'end', delivery: 'uncertain' });
    expect(Date.now() - started).toBeLessThan(1000);
    await transport.close();
    expect(deliveredBodies(srv)).toBe(1);
  });

  it.each([552, 451])('F23 %i to the final dot: EMESSAGE with that code; the connection is reused after RSET', async (code) => {
    const srv = await startScript(esmtp({ extensions: EXTENSIONS, overrides: { '.#1': `${code} 5.3.4 message refused` } }));
    const transport = transportFor(srv.port, { pool: true, maxConnections: 1 });
    const err = await rejectionOf(transport.sendMail(message(1)));
    expect(err).toMatchObject({ code: 'EMESSAGE', responseCode: code, phase: 'end', delivery: 'not-sent' });
    await transport.sendMail(message(2));
    expect(srv.connectionCount()).toBe(1);
    const commands = srv.connections[0].commands;
    expect(commands.indexOf('RSET')).toBeGreaterThan(commands.indexOf('DATA'));
    await transport.close();
  });

  it('F25 server FINs an idle pooled connection: the next message opens a new one and resolves', async () => {
    const srv = await startScript([esmtp({ overrides: { '.': ['250 2.0.0 queued', CLOSE] } }), esmtp()]);
    const transport = transportFor(srv.port, { pool: true, maxConnections: 1 });
    await transport.sendMail(message(1));
    await srv.connections[0].closed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(transport.sendMail(message(2))).resolves.toMatchObject({ accepted: ['b@example.test'] });
    expect(srv.connectionCount()).toBe(2);
    await transport.close();
  });

  it('F27 a raw stream that errors after 800 KB: ESTREAM, no final dot, the connection is not reused', async () => {
    const srv = await startScript(esmtp({ extensions: EXTENSIONS }));
    const transport = transportFor(srv.port, { pool: true, maxConnections: 1 });
    let produced = 0;
    const failing = new Readable({
      read() {
        if (produced >= 800 * 1024) {
          this.destroy(new Error('disk read failed'));
          return;
        }
        produced += 64 * 1024;
        this.push(Buffer.from(`${'x'.repeat(78)}\r\n`.repeat(800)).subarray(0, 64 * 1024));
      },
    });
    const err = await rejectionOf(transport.sendMail({ raw: failing, envelope: { from: 'a@example.test', to: ['b@example.test'] } }));
    expect(err).toMatchObject({ code: 'ESTREAM', delivery: 'not-sent' });
    expect(srv.connections[0].bodies).toHaveLength(0);
    expect(srv.transcript()).not.toMatch(/\r\n\.\r\n/);
    await transport.sendMail(message(2));
    expect(srv.connectionCount()).toBe(2);
    await transport.close();
  });

  it('F28 a server that stops reading: the client buffers a few MB at most and fails with ETIMEDOUT', async () => {
    const srv = await startScript(
      esmtp({
        overrides: {
          DATA: async ({ conn }) => {
            await conn.reply('354 go ahead');
            conn.socket.pause();
            return STALL;
          },
        },
      }),
    );
    let produced = 0;
    const chunk = Buffer.from(`${'y'.repeat(998)}\r\n`.repeat(64));
    const huge = new Readable({
      read() {
        if (produced >= 300 * 1024 * 1024) return this.push(null);
        produced += chunk.length;
        this.push(chunk);
      },
    });
    const err = await rejectionOf(transportFor(srv.port, { socketTimeout: 400 }).sendMail({ raw: huge, envelope: { from: 'a@example.test', to: ['b@example.test'] } }));
    expect(err).toMatchObject({ code: 'ETIMEDOUT', phase: 'body', delivery: 'not-sent' });
    expect(produced).toBeLessThan(16 * 1024 * 1024);
  });

  it('F29 close() with 3 queued and 1 in flight delivers all 4, then QUITs every connection', async () => {
    smtp = await startSmtpServer();
    const transport = transportFor(smtp.port, { pool: true, maxConnections: 1 });
    const sends = [1, 2, 3, 4].map((n) => transport.sendMail(message(n)));
    const closed = transport.close();
    expect(transport.close()).toBe(closed);
    await closed;
    const results = await Promise.allSettled(sends);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(smtp.messages).toHaveLength(4);
    const verbs = smtp.commands.map((entry) => entry.command);
    expect(verbs.filter((verb) => verb === 'QUIT')).toHaveLength(1);
    expect(verbs[verbs.length - 1]).toBe('QUIT');
  });

  it('F30 sendMail after close() rejects with ECLOSED at once', async () => {
    smtp = await startSmtpServer();
    const transport = transportFor(smtp.port, { pool: true });
    await transport.close();
    const started = process.hrtime.bigint();
    const err = await rejectionOf(transport.sendMail(message()));
    expect(err.code).toBe('ECLOSED');
    // The row's target is 10 ms; a wide margin keeps a busy machine from failing it, a hang still fails.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(100);
    expect(smtp.connectionCount()).toBe(0);
  });

  it('F12 an auth failure in a pool is reported to every queued message, not retried in a loop', async () => {
    smtp = await startSmtpServer({ auth: { user: 'alice', pass: 'right' } });
    const transport = transportFor(smtp.port, { pool: true, maxConnections: 2, auth: { user: 'alice', pass: 'wrong' } });
    const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => transport.sendMail(message(n))));
    expect(outcomes.every((outcome) => outcome.status === 'rejected' && (outcome.reason as SmtpError).code === 'EAUTH')).toBe(true);
    expect(smtp.authAttempts.length).toBeLessThanOrEqual(2);
    await transport.close();
  });

  it('reuses one pooled connection without RSET after a completed message, and recycles after maxMessages', async () => {
    smtp = await startSmtpServer();
    const transport = transportFor(smtp.port, { pool: true, maxConnections: 1, maxMessages: 3 });
    for (const n of [1, 2, 3, 4, 5]) await transport.sendMail(message(n));
    await transport.close();
    expect(smtp.connectionCount()).toBe(2);
    expect(smtp.commands.some((entry) => entry.command === 'RSET')).toBe(false);
  });

  it('emits error for a pooled connection that fails while idle, and only when someone listens', async () => {
    const srv = await startScript(
      esmtp({
        overrides: {
          '.': async ({ conn }) => {
            await conn.reply('250 2.0.0 queued');
            await conn.wait(30);
            return '250 surplus';
          },
        },
      }),
    );
    const transport = transportFor(srv.port, { pool: true, maxConnections: 1 });
    const errors: SmtpError[] = [];
    transport.on('error', (err) => errors.push(err));
    await transport.sendMail(message());
    for (let i = 0; i < 20 && errors.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(errors.map((err) => err.code)).toEqual(['EPROTOCOL']);
    await transport.close();
  });

  it('F35 an unsolicited 421 on an idle pooled connection is a quiet close: no error event, the next send uses a new connection', async () => {
    const idleTimeout = esmtp({
      overrides: {
        '.': async ({ conn }) => {
          await conn.reply('250 2.0.0 queued');
          await conn.wait(30);
          return ['421 4.4.2 mx.test Error: timeout exceeded', CLOSE];
        },
      },
    });
    const srv = await startScript([idleTimeout, esmtp()]);
    const transport = transportFor(srv.port, { pool: true, maxConnections: 1 });
    const errors: SmtpError[] = [];
    transport.on('error', (err) => errors.push(err));
    await transport.sendMail(message(1));
    await srv.connections[0].closed;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(errors).toEqual([]);
    await expect(transport.sendMail(message(2))).resolves.toMatchObject({ accepted: ['b@example.test'] });
    expect(srv.connectionCount()).toBe(2);
    await transport.close();
    expect(errors).toEqual([]);
  });

  it.each([
    ['closed without 221', CLOSE],
    ['never answered', STALL],
  ])('F36 QUIT %s: close() resolves and no error event is emitted', async (_name, action) => {
    const srv = await startScript(esmtp({ extensions: EXTENSIONS, overrides: { QUIT: action } }));
    const transport = transportFor(srv.port, { pool: true, maxConnections: 1, socketTimeout: 300 });
    const errors: SmtpError[] = [];
    transport.on('error', (err) => errors.push(err));
    await transport.sendMail(message());
    const started = Date.now();
    await transport.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await srv.connections[0].closed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(errors).toEqual([]);
    expect(srv.connections[0].commands).toContain('QUIT');
  });

  it('close() waits for a verify() still closing its session', async () => {
    const srv = await startScript(esmtp({ extensions: EXTENSIONS, overrides: { QUIT: STALL } }));
    const transport = transportFor(srv.port, { socketTimeout: 300 });
    const order: string[] = [];
    const verifying = transport.verify().then(() => order.push('verify'));
    for (let i = 0; i < 100 && !srv.commands().includes('QUIT'); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(srv.commands()).toContain('QUIT');
    await transport.close();
    order.push('close');
    await verifying;
    expect(order).toEqual(['verify', 'close']);
  });

  it('without a pool, every message gets its own connection, closed after it', async () => {
    smtp = await startSmtpServer();
    const transport = transportFor(smtp.port);
    await Promise.all([1, 2, 3].map((n) => transport.sendMail(message(n))));
    await transport.close();
    expect(smtp.connectionCount()).toBe(3);
  });
});
