/**
 * Our side of the queue scenarios: the mailer's outbox (`MailOutbox`, what `MailerModule.forRoot({ queue })`
 * builds in each app) over our pooled transport. Worker processes run it with `worker: true`; the app that
 * enqueues runs one with `worker: false`. Settings match the baseline's: the same concurrency, pool and locks.
 */
import { createTransport } from '../../lib/transport/transport.js';
import { MailOutbox } from '../../lib/queue/mail-outbox.js';
import { redisOptions, smtpOptions, type Producer, type QueueLaunch, type RunningWorker } from './queue-side.js';

async function createOutbox(launch: QueueLaunch, worker: boolean) {
  const transport = createTransport(smtpOptions(launch));
  const outbox = await MailOutbox.create({
    transport,
    connection: redisOptions(launch),
    name: launch.queueName,
    worker,
    concurrency: launch.concurrency,
    lockDuration: launch.lockDurationMs,
    stalledInterval: launch.lockDurationMs / 2,
  });
  return {
    outbox,
    async close() {
      await outbox.close();
      await transport.close();
    },
  };
}

/** A worker process's outbox: takes jobs and sends them. */
export async function startOursWorker(launch: QueueLaunch): Promise<RunningWorker> {
  const { close } = await createOutbox(launch, true);
  return { close };
}

/** The app's side: `outbox.enqueue()`, no worker in this process. */
export async function createOursProducer(launch: QueueLaunch): Promise<Producer> {
  const { outbox, close } = await createOutbox(launch, false);
  return {
    async enqueue(message) {
      await outbox.enqueue(message);
    },
    close,
  };
}
