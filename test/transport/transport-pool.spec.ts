import { describe, it, expect, afterEach } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';

const message = (n: number) => ({ from: 'a@example.test', to: 'b@example.test', subject: `m${n}`, text: `body ${n}` });

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('transport with pool: true', () => {
  it('keeps to rateLimit messages per rateDelta across the transport', async () => {
    server = await startSmtpServer();
    const transport = createTransport({ host: server.host, port: server.port, pool: true, maxConnections: 3, rateLimit: 2, rateDelta: 1000 });
    const started = Date.now();
    const sentAt: number[] = [];
    await Promise.all([1, 2, 3, 4, 5].map((n) => transport.sendMail(message(n)).then(() => sentAt.push(Date.now() - started))));
    await transport.close();
    expect(server.messages).toHaveLength(5);
    // Messages 3-4 wait for the second window, message 5 for the third. The window is wide so that a busy
    // machine cannot push the first two sends past it.
    expect(Math.max(...sentAt)).toBeGreaterThanOrEqual(2000);
    expect(sentAt.filter((ms) => ms < 1000)).toHaveLength(2);
    expect(sentAt.filter((ms) => ms >= 1000 && ms < 2000)).toHaveLength(2);
  });

  it('reports isIdle and emits idle as capacity comes back', async () => {
    server = await startSmtpServer();
    const transport = createTransport({ host: server.host, port: server.port, pool: true, maxConnections: 1 });
    expect(transport.isIdle()).toBe(true);
    let idleEvents = 0;
    transport.on('idle', () => (idleEvents += 1));
    const first = transport.sendMail(message(1));
    const second = transport.sendMail(message(2));
    expect(transport.isIdle()).toBe(false);
    await Promise.all([first, second]);
    expect(transport.isIdle()).toBe(true);
    expect(idleEvents).toBeGreaterThan(0);
    await transport.close();
    expect(transport.isIdle()).toBe(false);
  });

  it('sends every message of a burst over at most maxConnections connections', async () => {
    server = await startSmtpServer();
    const transport = createTransport({ host: server.host, port: server.port, pool: true, maxConnections: 2 });
    const infos = await Promise.all(Array.from({ length: 10 }, (_, i) => transport.sendMail(message(i))));
    await transport.close();
    expect(infos.every((info) => info.accepted.length === 1)).toBe(true);
    expect(server.connectionCount()).toBe(2);
    expect(new Set(server.messages.map((m) => m.raw.toString().match(/Subject: (m\d+)/)?.[1])).size).toBe(10);
  });
});
