/**
 * Child process for the outbox tests: one app instance, a Nest application context with a mailer whose `queue`
 * option points at the test's Redis, driven over IPC. Run by queue-apps.ts as
 * `node --import register-nest-ts.mjs queue-app-child.ts '<QueueAppConfig JSON>'`.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MailerModule } from '../../lib/nest/mailer.module.js';
import { MailerService } from '../../lib/nest/mailer.service.js';
import type { MailMessage } from '../../lib/mime/message.interface.js';

/** How one app instance is set up. */
export interface QueueAppConfig {
  smtpPort: number;
  /** The EHLO name of this instance's transport, so the sink can tell instances apart. */
  clientName: string;
  redisPort: number;
  queueName: string;
  /** Messages this instance's worker sends at once. */
  concurrency: number;
  /** A rate limit shared by every worker of the queue. */
  limiter?: { max: number; duration: number };
  /** Whether this instance sends (false: it only enqueues). */
  worker: boolean;
  /** Send attempts per job. */
  attempts?: number;
  /** Delay between attempts. */
  backoff?: { type: 'fixed' | 'exponential'; delay: number };
  /** How long a job's lock lives without renewal, and how often workers look for jobs whose lock expired. */
  lockDuration?: number;
  stalledInterval?: number;
}

/** Test to child. */
export type QueueAppRequest = { type: 'enqueue'; id: number; messages: MailMessage[] } | { type: 'close' };

/** What `enqueue` gave for one message. */
export interface EnqueueResult {
  jobId: string;
  messageId: string;
}

/** Child to test. */
export type QueueAppEvent =
  | { type: 'ready' }
  | { type: 'enqueued'; id: number; results: EnqueueResult[] }
  | { type: 'failure'; id?: number; message: string };

/** Enqueues at most this many at once, as concurrent requests of an app would. */
const ENQUEUE_WINDOW = 20;

function send(event: QueueAppEvent): void {
  process.send?.(event);
}

async function enqueueAll(mailer: MailerService, messages: MailMessage[]): Promise<EnqueueResult[]> {
  const results: EnqueueResult[] = new Array(messages.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < messages.length) {
      const index = next++;
      const { jobId, messageId } = await mailer.enqueue(messages[index]);
      results[index] = { jobId, messageId };
    }
  };
  await Promise.all(Array.from({ length: Math.min(ENQUEUE_WINDOW, messages.length) }, lane));
  return results;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as QueueAppConfig;
  @Module({
    imports: [
      MailerModule.forRoot({
        transport: { host: '127.0.0.1', port: config.smtpPort, secure: false, ignoreTLS: true, name: config.clientName, pool: true, maxConnections: 3 },
        queue: {
          connection: { host: '127.0.0.1', port: config.redisPort },
          name: config.queueName,
          concurrency: config.concurrency,
          worker: config.worker,
          ...(config.limiter && { limiter: config.limiter }),
          ...(config.attempts !== undefined && { attempts: config.attempts }),
          ...(config.backoff && { backoff: config.backoff }),
          ...(config.lockDuration !== undefined && { lockDuration: config.lockDuration }),
          ...(config.stalledInterval !== undefined && { stalledInterval: config.stalledInterval }),
        },
      }),
    ],
  })
  class QueueAppModule {}

  const app = await NestFactory.createApplicationContext(QueueAppModule, { logger: false, abortOnError: false });
  const mailer = app.get(MailerService);
  process.on('message', (request: QueueAppRequest) => {
    if (request.type === 'close') {
      // A graceful stop: the worker finishes what it holds, the transport QUITs, then the process leaves.
      void app.close().finally(() => process.disconnect());
      return;
    }
    enqueueAll(mailer, request.messages).then(
      (results) => send({ type: 'enqueued', id: request.id, results }),
      (err: unknown) => send({ type: 'failure', id: request.id, message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }),
    );
  });
  // The test going away must not leave a worker taking jobs from a later test's Redis.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

main().catch((err: unknown) => {
  send({ type: 'failure', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  process.exit(1);
});
