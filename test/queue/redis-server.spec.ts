import { describe, expect, afterEach } from '@jest/globals';
import net from 'node:net';
import { Redis } from 'ioredis';
import { redisGate, startRedis, type RedisServer } from '../helpers/redis-server.js';

const gate = redisGate('test/queue/redis-server.spec.ts');

describe('redis-server test helper', () => {
  let server: RedisServer | undefined;
  let client: Redis | undefined;
  afterEach(async () => {
    client?.disconnect();
    await server?.close();
    server = undefined;
    client = undefined;
  });

  gate.it('keeps an AOF-backed key across a restart on the same port', async () => {
    server = await startRedis();
    client = new Redis({ host: server.host, port: server.port, lazyConnect: true, maxRetriesPerRequest: null });
    await client.connect();
    await client.set('kept', 'yes');
    const firstPid = server.pid();
    await server.restart();
    expect(server.pid()).not.toBe(firstPid);
    // ioredis reconnects on its own to the same port.
    expect(await client.get('kept')).toBe('yes');
  });

  gate.it('refuses connections once stopped', async () => {
    server = await startRedis({ appendonly: false });
    await server.stop();
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(server!.port, server!.host);
      socket.once('connect', () => { socket.destroy(); resolve('connected'); });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
