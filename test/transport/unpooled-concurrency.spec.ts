import { describe, it, expect, afterEach } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';

const message = (n: number) => ({ from: 'a@example.test', to: 'b@example.test', subject: `m${n}`, text: `body ${n}` });

/** A real smtp-server that counts the sessions it has open at once, from its connect and close hooks. */
async function countingServer(): Promise<{ server: TestSmtpServer; peak(): number; open(): number }> {
  let open = 0;
  let peak = 0;
  const server = await startSmtpServer({
    serverOptions: {
      onConnect: (_session, callback) => {
        open += 1;
        peak = Math.max(peak, open);
        callback();
      },
      onClose: () => {
        open -= 1;
      },
    },
  });
  return { server, peak: () => peak, open: () => open };
}

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('transport without pool', () => {
  it('opens at most maxConnections (default 5) sessions at once for 50 concurrent sends, and delivers all 50', async () => {
    const counting = await countingServer();
    server = counting.server;
    const transport = createTransport({ host: server.host, port: server.port, logger: false });
    const infos = await Promise.all(Array.from({ length: 50 }, (_, n) => transport.sendMail(message(n))));
    await transport.close();
    expect(infos.filter((info) => info.accepted[0] === 'b@example.test')).toHaveLength(50);
    expect(server.messages).toHaveLength(50);
    // One message per session, as before; sessions overlap, but never more than five.
    expect(server.connectionCount()).toBe(50);
    expect(counting.peak()).toBeLessThanOrEqual(5);
    expect(counting.peak()).toBeGreaterThan(1);
  });

  it('keeps to a smaller maxConnections and sends the waiting messages in arrival order', async () => {
    const counting = await countingServer();
    server = counting.server;
    const transport = createTransport({ host: server.host, port: server.port, maxConnections: 1, logger: false });
    await Promise.all(Array.from({ length: 6 }, (_, n) => transport.sendMail(message(n))));
    await transport.close();
    expect(counting.peak()).toBe(1);
    const subjects = await Promise.all(server.messages.map((_, index) => server!.parse(index).then((mail) => mail.subject)));
    expect(subjects).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('close() resolves once every session has ended', async () => {
    const counting = await countingServer();
    server = counting.server;
    const transport = createTransport({ host: server.host, port: server.port, maxConnections: 3, logger: false });
    const sends = Array.from({ length: 7 }, (_, n) => transport.sendMail(message(n)));
    await transport.close();
    await Promise.all(sends);
    // The server notices each close a moment after the client: allow it that moment, no more.
    for (let i = 0; i < 100 && counting.open() > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(counting.open()).toBe(0);
    expect(server.messages).toHaveLength(7);
  });
});
