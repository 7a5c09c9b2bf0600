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

/** Enqueues that time out are made again this many times at most (an overloaded machine can need a few). */
const MAX_ENQUEUE_RETRIES = 5;

/**
 * The app's side: `outbox.enqueue()`, no worker in this process. An enqueue that times out (EQUEUE: Redis did
 * not answer within `enqueueTimeout`) is made again with the same jobId, as the error tells an app to do: the
 * job is then queued once whichever attempt reached Redis. The baseline's `queue.add` has no timeout and simply
 * waits, so the bench waits too, and counts the retries.
 */
export async function createOursProducer(launch: QueueLaunch): Promise<Producer> {
  const { outbox, close } = await createOutbox(launch, false);
  let retries = 0;
  return {
    async enqueue(message, key) {
      for (let attempt = 0; ; attempt += 1) {
        try {
          await outbox.enqueue(message, { jobId: key });
          return;
        } catch (err) {
          if ((err as { code?: string }).code !== 'EQUEUE' || attempt >= MAX_ENQUEUE_RETRIES) throw err;
          retries += 1;
        }
      }
    },
    retries: () => retries,
    close,
  };
}
