import { describe, expect, beforeAll, afterAll, afterEach } from '@jest/globals';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { createTransport } from '../../lib/transport/transport.js';
import { SmtpError } from '../../lib/core/errors.js';
import { functionTemplates } from '../../lib/templates/functions.js';
import { MailOutbox, type MailOutboxSetup } from '../../lib/queue/mail-outbox.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { startScriptServer, type ScriptServer } from '../helpers/script-server.js';
import { esmtp, STALL } from '../helpers/esmtp-script.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';
import { redisGate, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { FAST_QUEUE, nextEvent, queueKeys, retryUntilResolved, uniqueQueueName } from '../helpers/outbox.js';

const gate = redisGate('test/queue/outbox.spec.ts');
const test = gate.it;

const startSmtp = closedAfterEach(startSmtpServer);
const startScript = closedAfterEach(startScriptServer);

const message = (subject = 'queued') => ({ from: 'app@example.test', to: 'ann@example.test', subject, text: `hello ${subject}` });

describe('MailOutbox', () => {
  let redis: RedisServer;
  const outboxes: MailOutbox[] = [];

  beforeAll(async () => {
    if (gate.runs) redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });
  afterEach(async () => {
    await Promise.all(outboxes.splice(0).map((outbox) => outbox.close()));
  });

  async function outboxFor(port: number, options: Partial<MailOutboxSetup> = {}): Promise<MailOutbox> {
    const transport = options.transport ?? createTransport({ host: '127.0.0.1', port, ...FAST_TIMEOUTS });
    const outbox = await MailOutbox.create({ connection: redis.url, name: uniqueQueueName('outbox'), ...FAST_QUEUE, ...options, transport });
    outboxes.push(outbox);
    return outbox;
  }

  const scriptTransport = (srv: ScriptServer) => createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS });

  test('stores the composed message and sends it once; the job completes with the server\'s reply', async () => {
    const smtp = await startSmtp();
    const outbox = await outboxFor(smtp.port);
    const completed = nextEvent(outbox, 'completed');
    const { jobId, messageId } = await outbox.enqueue(message('once'));
    expect(messageId).toMatch(/^<.+@.+>$/);
    const event = await completed;
    expect(event).toMatchObject({ jobId, messageId, attempt: 1, info: { accepted: ['ann@example.test'], rejected: [] } });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].raw.toString()).toContain(`Message-ID: ${messageId}`);
    expect((await smtp.parse(0)).text?.trim()).toBe('hello once');
    const status = await outbox.getJob(jobId);
    expect(status).toMatchObject({ state: 'completed', record: { stage: 'accepted' }, info: { response: expect.stringMatching(/^250/) } });
  });

  test('refuses a bad message at enqueue with the usual SmtpError, and nothing reaches Redis', async () => {
    const outbox = await outboxFor(1, { worker: false });
    const err = await outbox.enqueue({ from: 'app@example.test', subject: 'nobody', text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmtpError);
    expect(err).toMatchObject({ code: 'EENVELOPE' });
    await expect(outbox.enqueue({ ...message(), to: 'not an address' })).rejects.toMatchObject({ code: 'EENVELOPE' });
    await expect(outbox.enqueue({ ...message(), template: 'welcome' })).rejects.toMatchObject({ code: 'ETEMPLATE' });
    expect(await queueKeys(redis.port, outbox.options.name)).toEqual([]);
  });

  test('reads attachments into the job up to maxMessageBytes and refuses a larger message with EMESSAGE', async () => {
    const outbox = await outboxFor(1, { worker: false, maxMessageBytes: 64 * 1024 });
    const big = Readable.from([Buffer.alloc(40 * 1024, 1), Buffer.alloc(40 * 1024, 2)]);
    const err = await outbox.enqueue({ ...message(), attachments: [{ filename: 'big.bin', content: big }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EMESSAGE', message: expect.stringMatching(/larger than the outbox limit of 65536 bytes.*nothing was queued/) });
    expect(await queueKeys(redis.port, outbox.options.name)).toEqual([]);
    const small = Readable.from([Buffer.from('streamed attachment')]);
    const { jobId } = await outbox.enqueue({ ...message(), attachments: [{ filename: 'small.txt', content: small }] });
    expect(await outbox.getJob(jobId)).toMatchObject({ state: 'waiting' });
  });

  test('renders templates at enqueue: the job holds the rendered message', async () => {
    const smtp = await startSmtp();
    const templates = functionTemplates({ welcome: (context: { name: string }) => ({ subject: `Welcome ${context.name}`, text: `Hi ${context.name}` }) });
    const transport = createTransport({ host: '127.0.0.1', port: smtp.port, ...FAST_TIMEOUTS, templates });
    const outbox = await outboxFor(smtp.port, { transport });
    const completed = nextEvent(outbox, 'completed');
    await outbox.enqueue({ from: 'app@example.test', to: 'ann@example.test', template: 'welcome', context: { name: 'Ann' } });
    await completed;
    const parsed = await smtp.parse(0);
    expect(parsed.subject).toBe('Welcome Ann');
    expect(parsed.text?.trim()).toBe('Hi Ann');
  });

  test('queues one job for a jobId enqueued twice, and reports the first message', async () => {
    const smtp = await startSmtp();
    const outbox = await outboxFor(smtp.port, { worker: false });
    const first = await outbox.enqueue(message('first'), { jobId: 'order-42' });
    const second = await outbox.enqueue(message('second'), { jobId: 'order-42' });
    expect(second).toEqual(first);
    expect(await outbox.counts()).toMatchObject({ backlog: 1 });
    const worker = await outboxFor(smtp.port, { name: outbox.options.name });
    await nextEvent(worker, 'completed');
    await delay(300);
    expect(smtp.messages.map((m) => m.raw.toString().includes('Subject: first'))).toEqual([true]);
  });

  test('rejects with EQUEUE within enqueueTimeout when Redis is down, and queues nothing once it is back', async () => {
    const down = await startRedis();
    try {
      await down.stop();
      const outbox = await outboxFor(1, { connection: down.url, worker: false, enqueueTimeout: 500 });
      const started = Date.now();
      const err = await outbox.enqueue(message()).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(2500);
      expect(err).toMatchObject({ code: 'EQUEUE' });
      await down.restart();
      await delay(800);
      expect(await queueKeys(down.port, outbox.options.name)).toEqual([]);
      // Once the client has reconnected, the same outbox queues again.
      await retryUntilResolved(() => outbox.enqueue(message()));
      expect(await outbox.counts()).toMatchObject({ backlog: 1 });
      // Connection lost after it was up: refused at once, nothing half-queued.
      await down.stop();
      const lostAt = Date.now();
      await expect(outbox.enqueue(message('lost'))).rejects.toMatchObject({ code: 'EQUEUE' });
      expect(Date.now() - lostAt).toBeLessThan(2500);
      await down.restart();
      expect(await retryUntilResolved(() => outbox.counts())).toMatchObject({ backlog: 1 });
    } finally {
      await Promise.all(outboxes.splice(0).map((outbox) => outbox.close()));
      await down.close();
    }
  });

  test('rejects with EQUEUE within enqueueTimeout when Redis stops answering', async () => {
    const slow = await startRedis({ appendonly: false });
    try {
      const outbox = await outboxFor(1, { connection: slow.url, worker: false, enqueueTimeout: 400 });
      await outbox.counts();
      process.kill(slow.pid(), 'SIGSTOP');
      const started = Date.now();
      const err = await outbox.enqueue(message(), { jobId: 'slow-1' }).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(err).toMatchObject({ code: 'EQUEUE', message: expect.stringMatching(/did not answer within 400 ms.*same jobId/) });
    } finally {
      process.kill(slow.pid(), 'SIGCONT');
      await Promise.all(outboxes.splice(0).map((outbox) => outbox.close()));
      await slow.close();
    }
  });

  test('retries a 4xx reply with backoff, then delivers', async () => {
    let dots = 0;
    const srv = await startScript(esmtp({ overrides: { '.': () => (++dots === 1 ? '451 4.3.0 try again later' : undefined) } }));
    const outbox = await outboxFor(srv.port, { transport: scriptTransport(srv) });
    const retried = nextEvent(outbox, 'retried');
    const completed = nextEvent(outbox, 'completed');
    const { jobId } = await outbox.enqueue(message());
    expect(await retried).toMatchObject({ jobId, attempt: 1, error: { code: 'EMESSAGE', responseCode: 451, delivery: 'not-sent' } });
    expect(await completed).toMatchObject({ jobId, attempt: 2 });
    expect(dots).toBe(2);
  });

  test('fails a job for good on a 5xx reply and keeps the error on it', async () => {
    const srv = await startScript(esmtp({ overrides: { '.': '554 5.7.1 message refused' } }));
    const outbox = await outboxFor(srv.port, { transport: scriptTransport(srv) });
    const events: string[] = [];
    for (const name of ['completed', 'retried', 'failed', 'parked'] as const) outbox.on(name, () => events.push(name));
    const failed = nextEvent(outbox, 'failed');
    const { jobId } = await outbox.enqueue(message());
    expect(await failed).toMatchObject({ jobId, attempt: 1, error: { code: 'EMESSAGE', responseCode: 554 } });
    await delay(200);
    expect(events).toEqual(['failed']);
    expect(srv.connectionCount()).toBe(1);
    const status = await outbox.getJob(jobId);
    expect(status).toMatchObject({
      state: 'failed',
      error: { code: 'EMESSAGE', phase: 'end', delivery: 'not-sent', responseCode: 554, response: '554 5.7.1 message refused', message: expect.stringContaining('message refused') },
    });
  });

  test('fails a job once its attempts are used up by 4xx replies', async () => {
    const srv = await startScript(esmtp({ overrides: { MAIL: '421 4.7.0 busy, closing' } }));
    const outbox = await outboxFor(srv.port, { transport: scriptTransport(srv), attempts: 2 });
    const failed = nextEvent(outbox, 'failed');
    const { jobId } = await outbox.enqueue(message());
    expect(await failed).toMatchObject({ jobId, attempt: 2, error: { code: 'ECONNECTION', responseCode: 421 } });
    expect(srv.connectionCount()).toBe(2);
  });

  test('parks a send left uncertain (no reply to the final dot) and never retries it; requeue sends it again by hand', async () => {
    const srv = await startScript([esmtp({ overrides: { '.': STALL } }), esmtp()]);
    const outbox = await outboxFor(srv.port, { transport: scriptTransport(srv) });
    const events: string[] = [];
    for (const name of ['completed', 'retried', 'failed', 'parked'] as const) outbox.on(name, () => events.push(name));
    const parked = nextEvent(outbox, 'parked');
    const { jobId } = await outbox.enqueue(message());
    expect(await parked).toMatchObject({ jobId, error: { code: 'ETIMEDOUT', delivery: 'uncertain' }, reason: expect.stringContaining('may have been delivered') });
    await delay(500);
    expect(srv.connectionCount()).toBe(1);
    expect(events).toEqual(['parked']);
    expect(await outbox.listParked()).toEqual([expect.objectContaining({ jobId, state: 'parked', error: expect.objectContaining({ delivery: 'uncertain' }) })]);
    expect(await outbox.counts()).toMatchObject({ parked: 1, failed: 0, backlog: 0 });

    const completed = nextEvent(outbox, 'completed');
    await outbox.requeue(jobId);
    expect(await completed).toMatchObject({ jobId, attempt: 1 });
    expect(srv.connectionCount()).toBe(2);
    expect(await outbox.listParked()).toEqual([]);
    await expect(outbox.requeue(jobId)).rejects.toMatchObject({ code: 'EQUEUE', message: expect.stringContaining('completed') });
  });

  test('close() lets the send under way finish and starts nothing new; enqueue then rejects with ECLOSED', async () => {
    const srv = await startScript(esmtp({ overrides: { '.': async () => { await delay(400); return undefined; } } }));
    const outbox = await outboxFor(srv.port, { transport: scriptTransport(srv) });
    const producer = await outboxFor(srv.port, { name: outbox.options.name, worker: false });
    const first = await producer.enqueue(message('first'));
    await delay(150);
    const second = await producer.enqueue(message('second'));
    let completed = 0;
    outbox.on('completed', () => (completed += 1));
    await outbox.close();
    expect(completed).toBe(1);
    expect(await producer.getJob(first.jobId)).toMatchObject({ state: 'completed' });
    expect(await producer.getJob(second.jobId)).toMatchObject({ state: 'waiting' });
    expect(srv.connectionCount()).toBe(1);
    await expect(outbox.enqueue(message())).rejects.toMatchObject({ code: 'ECLOSED' });
  });

  test('refuses bad options and a numeric jobId with ECONFIG', async () => {
    const transport = createTransport({ host: '127.0.0.1', port: 1 });
    await expect(MailOutbox.create({ transport, connection: 'http://x' })).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('connection') });
    await expect(MailOutbox.create({ transport, connection: redis.url, attempts: 0 })).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('attempts') });
    const outbox = await outboxFor(1, { worker: false });
    await expect(outbox.enqueue(message(), { jobId: '42' })).rejects.toMatchObject({ code: 'ECONFIG' });
    await expect(outbox.enqueue(message(), { priority: 0 })).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('priority') });
    await expect(outbox.enqueue(message(), { delay: -1 })).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('delay') });
    expect(await queueKeys(redis.port, outbox.options.name)).toEqual([]);
  });
});
