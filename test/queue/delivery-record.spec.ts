import { describe, expect, beforeAll, afterAll } from '@jest/globals';
import { Redis } from 'ioredis';
import { DeliveryRecords, type RecordClient } from '../../lib/queue/delivery-record.js';
import { redisGate, startRedis, type RedisServer } from '../helpers/redis-server.js';

const gate = redisGate('test/queue/delivery-record.spec.ts');
const test = gate.it;

/** ioredis behind the calls the records use (BullMQ's client abstraction offers the same three). */
function recordClient(redis: Redis): RecordClient {
  return {
    defineCommand: (name, definition) => redis.defineCommand(name, definition),
    runCommand: (name, args) => (redis as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!(...args),
    hget: (key, field) => redis.hget(key, field),
    zcard: (key) => redis.zcard(key),
    zrange: (key, start, end) => redis.zrange(key, start, end),
  };
}

describe('DeliveryRecords', () => {
  let server: RedisServer;
  let redis: Redis;
  let records: DeliveryRecords;
  const key = (jobId: string) => `bull:records:${jobId}`;

  beforeAll(async () => {
    if (!gate.runs) return;
    server = await startRedis({ appendonly: false });
    redis = new Redis({ host: server.host, port: server.port, maxRetriesPerRequest: 1 });
    records = new DeliveryRecords(async () => recordClient(redis), key, 1000, 'bull:records:nestjs-smtp:parked');
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.close();
  });

  const record = { stage: 'content-sent' as const, at: 1, attempt: 1 };

  test('writes while the token holds the job\'s lock, and reads it back', async () => {
    await redis.hset(key('held'), 'name', 'mail');
    await redis.set(`${key('held')}:lock`, 'token-1');
    await records.write('held', record, 'token-1');
    expect(await records.read('held')).toEqual(record);
    await records.write('held', undefined, 'token-1');
    expect(await records.read('held')).toBeUndefined();
  });

  test('refuses to write for a worker whose lock expired or was taken by another: EQUEUE, nothing written', async () => {
    await redis.hset(key('taken'), 'name', 'mail');
    await redis.set(`${key('taken')}:lock`, 'token-of-another-worker');
    await expect(records.write('taken', record, 'token-1')).rejects.toMatchObject({ code: 'EQUEUE', message: expect.stringContaining('no longer held by this worker') });
    await redis.del(`${key('taken')}:lock`);
    await expect(records.write('taken', record, 'token-1')).rejects.toMatchObject({ code: 'EQUEUE' });
    expect(await records.read('taken')).toBeUndefined();
  });

  test('keeps the set of parked jobs in step with the records', async () => {
    for (const jobId of ['p1', 'p2']) await redis.hset(key(jobId), 'name', 'mail');
    await records.write('p1', { stage: 'parked', at: 2, attempt: 1, reason: 'no reply' });
    await records.write('p2', { stage: 'parked', at: 1, attempt: 1, reason: 'no reply' });
    expect(await records.parkedIds()).toEqual(['p2', 'p1']);
    expect(await records.countParked()).toBe(2);
    await records.write('p2', undefined);
    await records.write('p1', { stage: 'accepted', at: 3, attempt: 2 });
    expect(await records.countParked()).toBe(0);
  });

  test('never recreates a job that was removed', async () => {
    await expect(records.write('removed', record)).rejects.toMatchObject({ code: 'EQUEUE', message: expect.stringContaining('no longer exists') });
    expect(await redis.exists(key('removed'))).toBe(0);
  });
});
