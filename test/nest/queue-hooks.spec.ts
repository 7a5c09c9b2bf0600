import 'reflect-metadata';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import type { LoggerService } from '@nestjs/common';
import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { Test, type TestingModule } from '@nestjs/testing';
import { setTimeout as delay } from 'node:timers/promises';
import { MAIL_FAILED_EVENT, MAIL_PARKED_EVENT, MAIL_SENT_EVENT, MailerModule, MailerService, MailOutbox, SmtpError, getMailerOutboxToken } from '../../lib/index.js';
import type { MailerHooks, MailerModuleOptions, MailFailedEvent, MailParkedEvent, MailSentEvent, OutboxOptions } from '../../lib/index.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { startScriptServer } from '../helpers/script-server.js';
import { CLOSE, esmtp } from '../helpers/esmtp-script.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';
import { redisGate, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { FAST_QUEUE, nextEvent, uniqueQueueName } from '../helpers/outbox.js';

const gate = redisGate('test/nest/queue-hooks.spec.ts');
const test = gate.it;
const startSmtp = closedAfterEach(startSmtpServer);
const startScript = closedAfterEach(startScriptServer);

const message = (subject: string) => ({ to: 'ann@example.test', subject, text: `hello ${subject}` });

/** What a module's logger was given, by level. */
class RecordingLogger implements LoggerService {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  log(): void {}
  debug(): void {}
  verbose(): void {}
  warn(text: unknown): void {
    this.warnings.push(String(text));
  }
  error(text: unknown): void {
    this.errors.push(String(text));
  }
}

@Injectable()
class MailListener {
  readonly sent: MailSentEvent[] = [];
  readonly failed: MailFailedEvent[] = [];
  readonly parked: MailParkedEvent[] = [];
  @OnEvent(MAIL_SENT_EVENT) onSent(event: MailSentEvent): void {
    this.sent.push(event);
  }
  @OnEvent(MAIL_FAILED_EVENT) onFailed(event: MailFailedEvent): void {
    this.failed.push(event);
  }
  @OnEvent(MAIL_PARKED_EVENT) onParked(event: MailParkedEvent): void {
    this.parked.push(event);
  }
}

/** Hooks that record each call as `name` plus its argument, and resolve `outcome` at the first outcome hook. */
function recordingHooks(extra: MailerHooks = {}) {
  const calls: Array<{ hook: keyof MailerHooks; arg: unknown }> = [];
  let settle!: (hook: keyof MailerHooks) => void;
  const outcome = new Promise<keyof MailerHooks>((resolve) => (settle = resolve));
  const record = (hook: keyof MailerHooks) => (arg: unknown) => {
    calls.push({ hook, arg });
    if (hook !== 'beforeSend') settle(hook);
  };
  const hooks: MailerHooks = {
    afterSend: record('afterSend'),
    onError: record('onError'),
    afterQueuedSend: record('afterQueuedSend'),
    onQueuedError: record('onQueuedError'),
    onParked: record('onParked'),
    ...extra,
  };
  return { hooks, calls, outcome, names: () => calls.map((call) => call.hook) };
}

describe('MailerModule hooks and events for queued mail', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    if (gate.runs) redis = await startRedis({ appendonly: false });
  });
  afterAll(async () => {
    await redis?.close();
  });

  /** An application module (closed after the test) with one mailer, EventEmitterModule and a listener. */
  const startApp = closedAfterEach(async (options: MailerModuleOptions) => {
    const logs = new RecordingLogger();
    const ref = await Test.createTestingModule({
      imports: [EventEmitterModule.forRoot(), MailerModule.forRoot(options)],
      providers: [MailListener],
    }).compile();
    ref.useLogger(logs);
    await ref.init();
    return Object.assign(ref, { logs });
  });

  const queue = (extra: Partial<OutboxOptions> = {}): OutboxOptions => ({ connection: redis.url, name: uniqueQueueName('hooks'), ...FAST_QUEUE, ...extra });
  const mailer = (port: number, hooks: MailerHooks, extra: Partial<MailerModuleOptions> = {}): MailerModuleOptions => ({
    transport: { host: '127.0.0.1', port, logger: false, ...FAST_TIMEOUTS },
    defaults: { from: 'app@example.test' },
    queue: queue(),
    hooks,
    ...extra,
  });
  const parts = (ref: TestingModule) => ({
    service: ref.get(MailerService),
    outbox: ref.get<MailOutbox>(getMailerOutboxToken()),
    listener: ref.get(MailListener),
  });

  test('beforeSend changes the message at enqueue; afterQueuedSend and mail.sent carry the jobId once the worker sent it', async () => {
    const smtp = await startSmtp();
    const recorded = recordingHooks({ beforeSend: (m) => ({ ...m, headers: { 'X-Tenant': 'acme' } }) });
    const { service, listener } = parts(await startApp(mailer(smtp.port, recorded.hooks)));
    const { jobId, messageId } = await service.enqueue(message('welcome'), { jobId: 'welcome-ann' });
    expect(await recorded.outcome).toBe('afterQueuedSend');
    const event = { mailer: 'default', jobId: 'welcome-ann', messageId, attempt: 1, info: expect.objectContaining({ messageId, accepted: ['ann@example.test'], rejected: [] }) };
    expect(recorded.calls).toEqual([{ hook: 'afterQueuedSend', arg: event }]);
    await delay(50);
    expect(listener.sent).toEqual([event]);
    expect(listener.failed).toEqual([]);
    expect(jobId).toBe('welcome-ann');
    expect((await smtp.parse(0)).headers.get('x-tenant')).toBe('acme');
  });

  test('beforeSend that throws refuses at enqueue: enqueue rejects with its error, nothing is queued, no outcome runs', async () => {
    const smtp = await startSmtp();
    const refusal = new SmtpError('EENVELOPE', 'ann@example.test unsubscribed; nothing was queued');
    const recorded = recordingHooks({
      beforeSend: () => {
        throw refusal;
      },
    });
    const { service, outbox, listener } = parts(await startApp(mailer(smtp.port, recorded.hooks)));
    await expect(service.enqueue(message('refused'), { jobId: 'refused-1' })).rejects.toBe(refusal);
    expect(await outbox.getJob('refused-1')).toBeUndefined();
    expect(await outbox.counts()).toMatchObject({ backlog: 0, active: 0, completed: 0, failed: 0, parked: 0 });
    await delay(300);
    expect(recorded.calls).toEqual([]);
    expect([listener.sent, listener.failed, listener.parked]).toEqual([[], [], []]);
    expect(smtp.connectionCount()).toBe(0);
  });

  test('a retried attempt reports nothing; the 5xx that ends the job runs onQueuedError and mail.failed once', async () => {
    let dots = 0;
    const srv = await startScript(esmtp({ overrides: { '.': () => (++dots === 1 ? '451 4.3.0 try again later' : '554 5.7.1 message refused') } }));
    const recorded = recordingHooks();
    const { service, outbox, listener } = parts(await startApp(mailer(srv.port, recorded.hooks)));
    const retried = nextEvent(outbox, 'retried');
    const { jobId, messageId } = await service.enqueue(message('refused'));
    expect(await retried).toMatchObject({ jobId, attempt: 1 });
    expect(await recorded.outcome).toBe('onQueuedError');
    expect(recorded.calls).toEqual([
      {
        hook: 'onQueuedError',
        arg: { mailer: 'default', jobId, messageId, attempt: 2, error: expect.objectContaining({ code: 'EMESSAGE', responseCode: 554, delivery: 'not-sent' }) },
      },
    ]);
    await delay(50);
    expect(listener.failed).toEqual([recorded.calls[0].arg]);
    expect([listener.sent, listener.parked]).toEqual([[], []]);
    expect(dots).toBe(2);
  });

  test('a send left uncertain is parked: onParked and mail.parked, never a failure; the worker logs a warning', async () => {
    const srv = await startScript(esmtp({ overrides: { '.': CLOSE } }));
    const recorded = recordingHooks();
    const app = await startApp(mailer(srv.port, recorded.hooks));
    const { service, listener } = parts(app);
    const { jobId, messageId } = await service.enqueue(message('unknown'));
    expect(await recorded.outcome).toBe('onParked');
    const event = {
      mailer: 'default',
      jobId,
      messageId,
      attempt: 1,
      reason: expect.stringContaining('may have been delivered'),
      error: expect.objectContaining({ delivery: 'uncertain' }),
    };
    expect(recorded.calls).toEqual([{ hook: 'onParked', arg: event }]);
    await delay(300);
    expect(listener.parked).toEqual([event]);
    expect([listener.sent, listener.failed]).toEqual([[], []]);
    expect(recorded.names()).toEqual(['onParked']);
    expect(app.logs.warnings).toEqual([expect.stringContaining(`job ${jobId} (${messageId}) parked, needs review`)]);
  });

  test('outcome hooks run in the process whose worker sent the job, not in the one that enqueued it', async () => {
    const smtp = await startSmtp();
    const name = uniqueQueueName('split');
    const producer = recordingHooks({ beforeSend: (m) => ({ ...m, subject: `[producer] ${m.subject}` }) });
    const worker = recordingHooks({ beforeSend: (m) => ({ ...m, subject: `[worker] ${m.subject}` }) });
    const producing = parts(await startApp(mailer(smtp.port, producer.hooks, { queue: queue({ name, worker: false }) })));
    const working = parts(await startApp(mailer(smtp.port, worker.hooks, { queue: queue({ name }) })));
    const { jobId } = await producing.service.enqueue(message('split'));
    expect(await worker.outcome).toBe('afterQueuedSend');
    expect(worker.calls).toEqual([{ hook: 'afterQueuedSend', arg: expect.objectContaining({ jobId }) }]);
    await delay(300);
    expect(producer.calls).toEqual([]);
    expect(producing.listener.sent).toEqual([]);
    expect(working.listener.sent).toEqual([expect.objectContaining({ jobId })]);
    expect((await smtp.parse(0)).subject).toBe('[producer] split');
  });

  test('app.close() waits for the outcome hooks of sends under way; what a hook throws is logged and the job stays completed', async () => {
    const smtp = await startSmtp();
    const finished: string[] = [];
    const hooks: MailerHooks = {
      afterQueuedSend: async ({ jobId }) => {
        await delay(400);
        finished.push(jobId);
        throw new Error('audit store down');
      },
    };
    const options = mailer(smtp.port, hooks);
    const app = await startApp(options);
    const { service, outbox } = parts(app);
    const completed = nextEvent(outbox, 'completed');
    const { jobId } = await service.enqueue(message('slow hook'));
    await completed;
    await app.close();
    expect(finished).toEqual([jobId]);
    expect(app.logs.errors).toEqual([expect.stringContaining('afterQueuedSend hook threw: Error: audit store down')]);
    const reader = await MailOutbox.create({ transport: service.transport, connection: redis.url, name: options.queue!.name, worker: false });
    try {
      expect(await reader.getJob(jobId)).toMatchObject({ state: 'completed' });
    } finally {
      await reader.close();
    }
  });

  it('refuses a hook it does not know, naming the known ones', async () => {
    await expect(
      Test.createTestingModule({ imports: [MailerModule.forRoot({ transport: 'memory://', hooks: { afterEnqueue: () => undefined } as never })] })
        .compile()
        .then((ref) => ref.close()),
    ).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('known hooks are beforeSend, afterSend, onError, afterQueuedSend, onQueuedError, onParked') });
  });
});
