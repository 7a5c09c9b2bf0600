import 'reflect-metadata';
import { describe, it, expect, beforeAll, afterAll, afterEach } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { Test, type TestingModule } from '@nestjs/testing';
import { setTimeout as delay } from 'node:timers/promises';
import { MailerHealthIndicator, MailerModule, MailerService, MailOutbox, getMailerOutboxToken, getMailerToken } from '../../lib/index.js';
import type { MailerModuleOptions, OutboxOptions } from '../../lib/index.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { startScriptServer } from '../helpers/script-server.js';
import { esmtp } from '../helpers/esmtp-script.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { redisGate, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { FAST_QUEUE, nextEvent, uniqueQueueName } from '../helpers/outbox.js';

const gate = redisGate('test/nest/mailer-queue.spec.ts');
const test = gate.it;
const startSmtp = closedAfterEach(startSmtpServer);
const startScript = closedAfterEach(startScriptServer);

const message = (subject: string) => ({ to: 'ann@example.test', subject, text: `hello ${subject}` });

describe('MailerModule queue option', () => {
  let redis: RedisServer;
  let moduleRef: TestingModule | undefined;

  beforeAll(async () => {
    if (gate.runs) redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  const queue = (extra: Partial<OutboxOptions> = {}): OutboxOptions => ({ connection: redis.url, name: uniqueQueueName('nest'), ...FAST_QUEUE, ...extra });
  const mailer = (port: number, extra: Partial<MailerModuleOptions> = {}): MailerModuleOptions => ({
    transport: { host: '127.0.0.1', port, logger: false },
    defaults: { from: 'app@example.test' },
    queue: queue(),
    ...extra,
  });

  async function compile(imports: unknown[]): Promise<TestingModule> {
    moduleRef = await Test.createTestingModule({ imports: imports as never[] }).compile();
    await moduleRef.init();
    return moduleRef;
  }

  test('MailerService.enqueue resolves once the job is in Redis; the module\'s worker sends it with the mailer\'s defaults', async () => {
    const smtp = await startSmtp();
    const ref = await compile([MailerModule.forRoot(mailer(smtp.port))]);
    const service = ref.get(MailerService);
    const outbox = ref.get<MailOutbox>(getMailerOutboxToken());
    expect(outbox).toBeInstanceOf(MailOutbox);
    expect(service.outbox).toBe(outbox);
    const completed = nextEvent(outbox, 'completed');
    const { jobId, messageId } = await service.enqueue(message('nest'), { jobId: 'welcome-ann' });
    expect(jobId).toBe('welcome-ann');
    expect(await completed).toMatchObject({ jobId, messageId });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].envelope.from).toBe('app@example.test');
  });

  test('forRootAsync takes the queue option from its factory, for a named mailer', async () => {
    const smtp = await startSmtp();
    @Injectable()
    class QueueConfig {
      readonly options = mailer(smtp.port);
    }
    @Module({ providers: [QueueConfig], exports: [QueueConfig] })
    class ConfigModule {}
    const ref = await compile([
      MailerModule.forRootAsync({ name: 'bulk', imports: [ConfigModule], inject: [QueueConfig], useFactory: (config: QueueConfig) => config.options }),
    ]);
    const service = ref.get<MailerService>(getMailerToken('bulk'));
    const outbox = ref.get<MailOutbox>(getMailerOutboxToken('bulk'));
    const completed = nextEvent(outbox, 'completed');
    await service.enqueue(message('async'));
    await completed;
    expect(smtp.messages).toHaveLength(1);
  });

  it('enqueue without the queue option rejects with ECONFIG; the outbox token is null', async () => {
    const ref = await compile([MailerModule.forRoot({ transport: { host: '127.0.0.1', port: 1, logger: false } })]);
    expect(ref.get(getMailerOutboxToken())).toBeNull();
    await expect(ref.get(MailerService).enqueue(message('x'))).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('queue option') });
  });

  it('refuses a queue option that is not an object, naming the mailer', async () => {
    await expect(compile([MailerModule.forRoot({ transport: { host: '127.0.0.1', port: 1 }, queue: 'redis://x' as never })])).rejects.toMatchObject({
      code: 'ECONFIG',
      message: expect.stringContaining('mailer "default": invalid option queue'),
    });
  });

  test('app.close() lets the send under way finish and starts no other job', async () => {
    const srv = await startScript(esmtp({ overrides: { '.': async () => { await delay(400); return undefined; } } }));
    const options = mailer(srv.port);
    @Module({ imports: [MailerModule.forRoot(options)] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
    const service = app.get(MailerService);
    const outbox = app.get<MailOutbox>(getMailerOutboxToken());
    let completed = 0;
    outbox.on('completed', () => (completed += 1));
    const first = await service.enqueue(message('first'));
    await delay(150);
    const second = await service.enqueue(message('second'));
    await app.close();
    expect(completed).toBe(1);
    expect(srv.connectionCount()).toBe(1);
    const reader = await MailOutbox.create({ transport: service.transport, connection: redis.url, name: options.queue!.name, worker: false });
    try {
      expect(await reader.getJob(first.jobId)).toMatchObject({ state: 'completed' });
      expect(await reader.getJob(second.jobId)).toMatchObject({ state: 'waiting' });
    } finally {
      await reader.close();
    }
    await expect(service.enqueue(message('late'))).rejects.toMatchObject({ code: 'ECLOSED' });
  });

  test('isQueueHealthy reports up with counts, down past maxBacklog, and down with EQUEUE when Redis is gone', async () => {
    const own = await startRedis({ appendonly: false });
    try {
      const ref = await compile([MailerModule.forRoot(mailer(1, { queue: queue({ connection: own.url, worker: false }) })), TerminusModule]);
      const health = ref.get(MailerHealthIndicator);
      expect(await health.isQueueHealthy()).toEqual({ 'mailer-queue': { status: 'up', backlog: 0, active: 0, failed: 0, parked: 0 } });
      await ref.get(MailerService).enqueue(message('waiting'));
      expect(await health.isQueueHealthy('outbox', { maxBacklog: 0 })).toEqual({
        outbox: { status: 'down', code: 'EBACKLOG', message: expect.stringContaining('1 messages wait'), backlog: 1, active: 0, failed: 0, parked: 0 },
      });
      await own.stop();
      const started = Date.now();
      const down = await health.isQueueHealthy('outbox', { timeout: 300 });
      expect(Date.now() - started).toBeLessThan(1500);
      expect(down).toEqual({ outbox: { status: 'down', code: 'EQUEUE', message: expect.any(String) } });
    } finally {
      await moduleRef?.close();
      moduleRef = undefined;
      await own.close();
    }
  });
});
