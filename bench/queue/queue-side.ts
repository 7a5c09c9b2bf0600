/**
 * The two contenders of the queue scenarios behind one small interface: how a worker process runs and how the
 * app enqueues. Each side's code is imported only in the processes that run it.
 */
import type { MailMessage } from '../../lib/mime/message.interface.js';

/** `baseline` is a hand-written BullMQ Queue + Worker over nodemailer's pool; `ours` the mailer's outbox. */
export type QueueSide = 'ours' | 'baseline';

/** Everything a worker process or a producer needs, the same for both sides. */
export interface QueueLaunch {
  side: QueueSide;
  redisPort: number;
  sinkPort: number;
  queueName: string;
  /** Jobs each worker process runs at once. */
  concurrency: number;
  /** SMTP connections in each worker process's pool. */
  maxConnections: number;
  /** How long a job's lock lives without renewal: after a worker dies, its jobs stall this long at most. */
  lockDurationMs: number;
}

/** The app side: puts one message on the queue; resolves once the queue holds it. */
export interface Producer {
  /** `key` is unique per message: a side may use it to enqueue again, idempotently, after a timeout. */
  enqueue(message: MailMessage, key: string): Promise<void>;
  /** Enqueues that timed out and were made again (ours: EQUEUE, retried with the same jobId). */
  retries(): number;
  close(): Promise<void>;
}

/** A worker running in this process. */
export interface RunningWorker {
  close(): Promise<void>;
}

/** SMTP settings both sides use: plain loopback to the sink, a fixed EHLO name, a pool never recycled mid-run. */
export function smtpOptions(launch: QueueLaunch) {
  return {
    host: '127.0.0.1',
    port: launch.sinkPort,
    secure: false,
    ignoreTLS: true,
    name: 'client.bench',
    pool: true,
    maxConnections: launch.maxConnections,
    maxMessages: 1_000_000,
  };
}

/** ioredis options both sides use (`maxRetriesPerRequest: null` is what BullMQ workers require). */
export function redisOptions(launch: QueueLaunch) {
  return { host: '127.0.0.1', port: launch.redisPort, maxRetriesPerRequest: null };
}

/** Starts one side's worker in this process. */
export async function startWorker(launch: QueueLaunch): Promise<RunningWorker> {
  if (launch.side === 'baseline') return (await import('./baseline.js')).startBaselineWorker(launch);
  return (await import('./ours.js')).startOursWorker(launch);
}

/** Creates one side's producer in this process. */
export async function createProducer(launch: QueueLaunch): Promise<Producer> {
  if (launch.side === 'baseline') return (await import('./baseline.js')).createBaselineProducer(launch);
  return (await import('./ours.js')).createOursProducer(launch);
}
