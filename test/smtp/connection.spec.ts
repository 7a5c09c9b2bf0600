import { describe, it, expect, afterEach } from '@jest/globals';
import net from 'node:net';
import { once } from 'node:events';
import { SmtpConnection } from '../../lib/smtp/connection.js';
import { createEngineLog } from '../../lib/smtp/logger.js';

const TIMEOUTS = { greetingTimeoutMs: 1000, socketTimeoutMs: 5000 };

/** Resolves how the promise settled, or 'pending' when it has not within `ms`. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<'resolved' | 'rejected' | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), ms)));
  const outcome = await Promise.race([
    promise.then(
      () => 'resolved' as const,
      () => 'rejected' as const,
    ),
    pending,
  ]);
  clearTimeout(timer);
  return outcome;
}

const servers: net.Server[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server that accepts and never reads: the client's writes back up until `write()` returns false. */
async function deafServer(): Promise<number> {
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.pause();
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

describe('SmtpConnection', () => {
  it('rejects commands written while it has no socket, instead of leaving their replies pending', async () => {
    const connection = new SmtpConnection('mx.test', createEngineLog(undefined, false), TIMEOUTS);
    const [reply] = connection.sendBatch([{ line: 'NOOP' }]);
    expect(await settledWithin(reply, 500)).toBe('rejected');
    await expect(reply).rejects.toMatchObject({ code: 'ESOCKET' });
  });

  it('settles a write waiting for drain when the connection is destroyed with no reply pending', async () => {
    const port = await deafServer();
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    const connection = new SmtpConnection('mx.test', createEngineLog(undefined, false), TIMEOUTS);
    connection.attach(socket, false);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let waiting: Promise<void> | undefined;
    for (let i = 0; i < 64 && !waiting; i += 1) {
      const write = connection.writeData(chunk);
      if ((await settledWithin(write, 50)) === 'pending') waiting = write;
    }
    expect(waiting).toBeDefined();
    connection.destroy();
    expect(await settledWithin(waiting as Promise<void>, 500)).toBe('rejected');
    await expect(waiting).rejects.toMatchObject({ code: 'ESOCKET' });
  });
});
