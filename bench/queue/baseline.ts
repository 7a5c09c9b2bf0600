/**
 * The baseline: what teams write by hand today. A BullMQ `Queue` the app adds jobs to, and in each worker process
 * a BullMQ `Worker` whose processor hands the job's message to nodemailer's pooled SMTP transport. Options are
 * the ones its documentation shows: a few attempts with exponential backoff, completed jobs removed.
 */
import { Queue, Worker } from 'bullmq';
import nodemailer from 'nodemailer';
import type { MailMessage } from '../../lib/mime/message.interface.js';
import { redisOptions, smtpOptions, type Producer, type QueueLaunch, type RunningWorker } from './queue-side.js';

const JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true };

/** A worker process's BullMQ Worker over nodemailer's pool. */
export async function startBaselineWorker(launch: QueueLaunch): Promise<RunningWorker> {
  const transport = nodemailer.createTransport(smtpOptions(launch));
  const worker = new Worker(
    launch.queueName,
    async (job) => {
      // The message shapes are the same (our API follows nodemailer's); only the declared types differ.
      await transport.sendMail(job.data as Parameters<typeof transport.sendMail>[0]);
    },
    {
      connection: redisOptions(launch),
      concurrency: launch.concurrency,
      lockDuration: launch.lockDurationMs,
      stalledInterval: launch.lockDurationMs / 2,
    },
  );
  worker.on('error', () => undefined);
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      transport.close();
    },
  };
}

/** The app's side of the baseline: `queue.add()`. */
export async function createBaselineProducer(launch: QueueLaunch): Promise<Producer> {
  const queue = new Queue(launch.queueName, { connection: redisOptions(launch) });
  await queue.waitUntilReady();
  return {
    async enqueue(message: MailMessage) {
      await queue.add('mail', message, JOB_OPTIONS);
    },
    // queue.add has no timeout of its own: it waits as long as Redis takes.
    retries: () => 0,
    close: () => queue.close(),
  };
}
