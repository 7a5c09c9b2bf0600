import { describe, expect, beforeAll, afterAll, afterEach } from '@jest/globals';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { createTransport } from '../../lib/transport/transport.js';
import { SmtpError } from '../../lib/core/errors.js';
import { MailOutbox, type EnqueueResult, type MailOutboxSetup } from '../../lib/queue/mail-outbox.js';
import { MAX_BATCH_JOBS } from '../../lib/queue/enqueue-batch.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';
import { redisGate, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { FAST_QUEUE, nextEvent, queueKeys, retryUntilResolved, uniqueQueueName } from '../helpers/outbox.js';

const gate = redisGate('test/queue/enqueue-batch.spec.ts');
const test = gate.it;

const startSmtp = closedAfterEach(startSmtpServer);

const message = (subject: string) => ({ from: 'app@example.test', to: 'ann@example.test', subject, text: `hello ${subject}` });

describe('MailOutbox enqueue batches', () => {
  let redis: RedisServer;
  let admin: Redis;
  const outboxes: MailOutbox[] = [];

  beforeAll(async () => {
    if (!gate.runs) return;
    redis = await startRedis();
    admin = new Redis({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    admin?.disconnect();
    await redis?.close();
  });
  afterEach(async () => {
    await Promise.all(outboxes.splice(0).map((outbox) => outbox.close()));
  });

  async function outboxFor(port: number, options: Partial<MailOutboxSetup> = {}): Promise<MailOutbox> {
    const transport = options.transport ?? createTransport({ host: '127.0.0.1', port, ...FAST_TIMEOUTS, pool: true, maxConnections: 3 });
    const outbox = await MailOutbox.create({ connection: redis.url, name: uniqueQueueName('batch'), ...FAST_QUEUE, ...options, transport });
    outboxes.push(outbox);
    return outbox;
  }

  /** Transactions Redis has run since the last call. */
  async function execsSince(): Promise<number> {
    const stats = (await admin.info('commandstats')) as string;
    await admin.config('RESETSTAT');
    return Number(/cmdstat_exec:calls=(\d+)/.exec(stats)?.[1] ?? 0);
  }

  /** The job's data as stored in Redis. */
  async function storedData(outbox: MailOutbox, jobId: string): Promise<Record<string, unknown>> {
    return JSON.parse((await admin.hget(`bull:${outbox.options.name}:${jobId}`, 'data')) ?? 'null') as Record<string, unknown>;
  }

  test('queues concurrent enqueues in a few transactions, and every message is delivered once', async () => {
    const smtp = await startSmtp();
    const producer = await outboxFor(1, { worker: false });
    const count = MAX_BATCH_JOBS + 100;
    await producer.counts();
    await execsSince();
    const results = await Promise.all(
      Array.from({ length: count }, (_, i) => producer.enqueue(message(`m${i}`), i % 2 === 0 ? { jobId: `order-${i}` } : {})),
    );
    // All made in one turn: two MULTIs (MAX_BATCH_JOBS per MULTI), not one round trip each.
    expect(await execsSince()).toBe(2);
    expect(await producer.counts()).toMatchObject({ backlog: count });
    expect(new Set(results.map((r) => r.messageId)).size).toBe(count);
    expect(results.filter((r, i) => i % 2 === 0).map((r) => r.jobId)).toEqual(Array.from({ length: count / 2 }, (_, i) => `order-${2 * i}`));

    const worker = await outboxFor(smtp.port, { name: producer.options.name, concurrency: 10 });
    let completed = 0;
    worker.on('completed', () => (completed += 1));
    await smtp.waitForMessages(count, 30_000);
    await delay(300);
    const delivered = smtp.messages.map((m) => /^Message-ID: (.+)$/m.exec(m.raw.toString('latin1'))?.[1]);
    expect(delivered.sort()).toEqual(results.map((r) => r.messageId).sort());
    expect(completed).toBe(count);
    expect(await producer.counts()).toMatchObject({ backlog: 0, active: 0, failed: 0, parked: 0 });
  }, 60_000);

  test('stores a 7-bit message as its text and any other as base64; both go out byte for byte', async () => {
    const smtp = await startSmtp();
    const outbox = await outboxFor(smtp.port, { worker: false });
    const raw = Buffer.from('From: app@example.test\r\nTo: ann@example.test\r\nSubject: 8-bit\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGr\u00fc\u00dfe, ' + 'x'.repeat(10) + '\r\n', 'utf8');
    const [plain, eightBit] = await Promise.all([
      outbox.enqueue(message('plain'), { jobId: 'text-1' }),
      outbox.enqueue({ raw, envelope: { from: 'app@example.test', to: ['ann@example.test'] } }, { jobId: 'binary-1' }),
    ]);
    const plainData = await storedData(outbox, plain.jobId);
    expect(plainData).toMatchObject({ v: 2, messageId: plain.messageId, text: expect.stringContaining('Subject: plain\r\n') });
    expect(plainData).not.toHaveProperty('raw');
    const eightBitData = await storedData(outbox, eightBit.jobId);
    expect(eightBitData).toMatchObject({ v: 1, raw: raw.toString('base64'), size: raw.length });

    const worker = await outboxFor(smtp.port, { name: outbox.options.name });
    await smtp.waitForMessages(2, 10_000);
    await worker.close();
    const byId = new Map(smtp.messages.map((m) => [m.raw.includes(Buffer.from('Subject: 8-bit')) ? 'binary' : 'text', m.raw]));
    expect(byId.get('binary')?.equals(raw)).toBe(true);
    // The stored text, plus the CRLF that SMTP puts before the final dot when the message does not end with one.
    expect(byId.get('text')?.toString('latin1')).toBe(`${String(plainData.text).replace(/\r\n$/, '')}\r\n`);
  }, 30_000);

  test('a jobId given twice in one batch, or again in a later one, queues one job and resolves the first Message-ID', async () => {
    const smtp = await startSmtp();
    const producer = await outboxFor(1, { worker: false });
    const [first, again, other, thirdTime] = await Promise.all([
      producer.enqueue(message('first'), { jobId: 'order-7' }),
      producer.enqueue(message('second'), { jobId: 'order-7' }),
      producer.enqueue(message('other'), { jobId: 'order-8' }),
      producer.enqueue(message('third'), { jobId: 'order-7' }),
    ]);
    expect(again).toEqual(first);
    expect(thirdTime).toEqual(first);
    expect(other.messageId).not.toBe(first.messageId);
    // A later batch: the same id with new jobs around it.
    const [fresh, later, fresh2] = await Promise.all([
      producer.enqueue(message('fresh')),
      producer.enqueue(message('later'), { jobId: 'order-7' }),
      producer.enqueue(message('fresh2'), { jobId: 'order-9' }),
    ]);
    expect(later).toEqual(first);
    expect(new Set([first.messageId, other.messageId, fresh.messageId, fresh2.messageId]).size).toBe(4);
    expect(await producer.counts()).toMatchObject({ backlog: 4 });
    expect(await storedData(producer, 'order-7')).toMatchObject({ messageId: first.messageId, text: expect.stringContaining('Subject: first') });

    const worker = await outboxFor(smtp.port, { name: producer.options.name });
    await smtp.waitForMessages(4, 10_000);
    await delay(300);
    await worker.close();
    const subjects = smtp.messages.map((m) => /^Subject: (.+)$/m.exec(m.raw.toString('latin1'))?.[1]).sort();
    expect(subjects).toEqual(['first', 'fresh', 'fresh2', 'other']);
  }, 30_000);

  test('one job Redis refuses fails alone: the others of its batch are queued', async () => {
    const producer = await outboxFor(1, { worker: false });
    // A key of the wrong type where the job would go: Redis refuses that job's commands, and only those.
    await admin.set(`bull:${producer.options.name}:broken-1`, 'not a job');
    await producer.counts();
    await execsSince();
    const outcomes = await Promise.allSettled([
      producer.enqueue(message('a'), { jobId: 'fine-1' }),
      producer.enqueue(message('b'), { jobId: 'broken-1' }),
      producer.enqueue(message('c')),
    ]);
    expect(await execsSince()).toBe(1);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const refused = (outcomes[1] as PromiseRejectedResult).reason as SmtpError;
    expect(refused).toBeInstanceOf(SmtpError);
    expect(refused).toMatchObject({ code: 'EQUEUE', message: expect.stringMatching(/^queueing job broken-1: Redis refused the job \(WRONGTYPE/) });
    expect(await producer.counts()).toMatchObject({ backlog: 2 });
    expect(await producer.getJob('fine-1')).toMatchObject({ state: 'waiting' });
  });

  test('while Redis is stopped every enqueue of a batch rejects with EQUEUE and nothing lands', async () => {
    const down = await startRedis();
    try {
      const producer = await outboxFor(1, { connection: down.url, worker: false, enqueueTimeout: 1000 });
      await producer.counts();
      await down.stop();
      const started = Date.now();
      const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => producer.enqueue(message(`down${i}`), { jobId: `down-${i}` })));
      expect(Date.now() - started).toBeLessThan(3000);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'EQUEUE', message: expect.stringContaining('nothing was queued') });
      }
      await down.restart();
      await retryUntilResolved(() => producer.counts());
      expect(await queueKeys(down.port, producer.options.name)).toEqual([]);
      // Back up: the same ids queue now, once each.
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => producer.enqueue(message(`up${i}`), { jobId: `down-${i}` })));
      expect(new Set(results.map((r) => r.messageId)).size).toBe(20);
      expect(await producer.counts()).toMatchObject({ backlog: 20 });
    } finally {
      await Promise.all(outboxes.splice(0).map((outbox) => outbox.close()));
      await down.close();
    }
  }, 30_000);

  test('a batch Redis answers too late rejects with EQUEUE, lands once Redis answers, and enqueueing it again queues nothing new', async () => {
    const slow = await startRedis({ appendonly: false });
    try {
      const producer = await outboxFor(1, { connection: slow.url, worker: false, enqueueTimeout: 400 });
      await producer.counts();
      process.kill(slow.pid(), 'SIGSTOP');
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => producer.enqueue(message(`slow${i}`), { jobId: `slow-${i}` })));
      for (const outcome of outcomes) {
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'EQUEUE', message: expect.stringMatching(/did not answer within 400 ms.*may still be queued.*same jobId/) });
      }
      process.kill(slow.pid(), 'SIGCONT');
      // The MULTI was sent whole before Redis froze: it runs now.
      expect(await retryUntilResolved(async () => {
        const counts = await producer.counts();
        if (counts.backlog < 10) throw new Error(`backlog ${counts.backlog}`);
        return counts;
      })).toMatchObject({ backlog: 10 });
      const again: EnqueueResult[] = await Promise.all(Array.from({ length: 10 }, (_, i) => producer.enqueue(message(`retry${i}`), { jobId: `slow-${i}` })));
      expect(await producer.counts()).toMatchObject({ backlog: 10 });
      // Each retry reports the message the lost enqueue had queued, not its own.
      const reader = new Redis({ host: '127.0.0.1', port: slow.port, maxRetriesPerRequest: 1 });
      try {
        for (const [i, result] of again.entries()) {
          const data = JSON.parse((await reader.hget(`bull:${producer.options.name}:slow-${i}`, 'data')) ?? '{}') as { messageId?: string; text?: string };
          expect(result.messageId).toBe(data.messageId);
          expect(data.text).toContain(`Subject: slow${i}\r\n`);
        }
      } finally {
        reader.disconnect();
      }
    } finally {
      process.kill(slow.pid(), 'SIGCONT');
      await Promise.all(outboxes.splice(0).map((outbox) => outbox.close()));
      await slow.close();
    }
  }, 30_000);

  test('keeps each job\'s delay and priority within one batch', async () => {
    const smtp = await startSmtp();
    const producer = await outboxFor(1, { worker: false });
    const enqueuedAt = Date.now();
    await execsSince();
    const [delayed, low, high, plain] = await Promise.all([
      producer.enqueue(message('delayed'), { jobId: 'delayed-1', delay: 1500 }),
      producer.enqueue(message('low'), { jobId: 'low-1', priority: 5 }),
      producer.enqueue(message('high'), { jobId: 'high-1', priority: 1 }),
      producer.enqueue(message('plain'), { jobId: 'plain-1' }),
    ]);
    expect(await execsSince()).toBe(1);
    expect(await producer.getJob(delayed.jobId)).toMatchObject({ state: 'delayed' });
    expect(await producer.getJob(low.jobId)).toMatchObject({ state: 'prioritized' });
    expect(await producer.getJob(high.jobId)).toMatchObject({ state: 'prioritized' });
    expect(await producer.getJob(plain.jobId)).toMatchObject({ state: 'waiting' });

    const worker = await outboxFor(smtp.port, { name: producer.options.name, concurrency: 1 });
    const order: Array<{ jobId: string; at: number }> = [];
    worker.on('completed', ({ jobId }) => order.push({ jobId, at: Date.now() }));
    await nextEvent(worker, 'completed', ({ jobId }) => jobId === delayed.jobId, 10_000);
    // No priority before any priority, then 1 before 5; the delayed job last, not before its delay.
    expect(order.map((o) => o.jobId)).toEqual(['plain-1', 'high-1', 'low-1', 'delayed-1']);
    expect(order[3].at - enqueuedAt).toBeGreaterThanOrEqual(1500);
  }, 30_000);
});
