/** Starts a BullMQ worker for the outbox and turns what it does into the outbox's events, in step with Redis. */
import type { Worker } from 'bullmq';
import { SmtpError } from '../core/errors.js';
import type { MailTransport } from '../transport/mail-transport.js';
import type { DeliveryRecord, DeliveryRecords } from './delivery-record.js';
import { storeError } from './job-error.js';
import type { OutboxPayload } from './job-payload.js';
import type { BullMq } from './load-bullmq.js';
import type { OutboxEvents } from './outbox-events.js';
import type { ResolvedOutboxOptions } from './outbox-options.js';
import { CAME_BACK_REASON, createProcessor, HANDLED } from './outbox-processor.js';

/** What the worker needs from its outbox. */
export interface OutboxWorkerSetup {
  bull: BullMq;
  options: ResolvedOutboxOptions;
  transport: MailTransport;
  records: DeliveryRecords;
  /** The outbox's `emit`. */
  emit: <E extends keyof OutboxEvents>(event: E, payload: OutboxEvents[E][0]) => void;
}

/** An event the processor reported, waiting for BullMQ to move its job. */
type PendingEvent = { [E in keyof OutboxEvents]: { event: E; payload: OutboxEvents[E][0] } }[keyof OutboxEvents];

/** Whether a record says the content may have gone out with no outcome known. */
export function isParkedRecord(record: DeliveryRecord | undefined): boolean {
  return record?.stage === 'parked' || record?.stage === 'content-sent';
}

/**
 * Starts a worker sending the queue's jobs through the transport. Each event is emitted once BullMQ has moved
 * the job (its own `completed` / `failed`), so that an event is never ahead of the job's state in Redis.
 */
export function startOutboxWorker({ bull, options, transport, records, emit }: OutboxWorkerSetup): Worker {
  const pending = new Map<string, PendingEvent>();
  const processor = createProcessor({
    transport,
    records,
    UnrecoverableError: bull.UnrecoverableError,
    reports: {
      started: (jobId) => pending.delete(jobId),
      completed: (job) => pending.set(job.jobId, { event: 'completed', payload: job }),
      retried: (job) => pending.set(job.jobId, { event: 'retried', payload: job }),
      failed: (job) => pending.set(job.jobId, { event: 'failed', payload: job }),
      parked: (job) => pending.set(job.jobId, { event: 'parked', payload: job }),
    },
  });
  const worker = new bull.Worker(options.name, processor, {
    connection: { ...options.connection, maxRetriesPerRequest: null },
    ...(options.prefix && { prefix: options.prefix }),
    concurrency: options.concurrency,
    ...(options.limiter && { limiter: options.limiter }),
    lockDuration: options.lockDuration,
    stalledInterval: options.stalledInterval,
    maxStalledCount: options.maxStalledCount,
  });
  const emitPending = (jobId: string): void => {
    const entry = pending.get(jobId);
    if (!entry) return;
    pending.delete(jobId);
    (emit as (event: string, payload: unknown) => void)(entry.event, entry.payload);
  };
  // Connection errors are retried by the client and show as EQUEUE where they matter; never an unhandled 'error'.
  worker.on('error', () => undefined);
  worker.on('completed', (job) => emitPending(String(job.id)));
  worker.on('failed', (job, err) => {
    if (!job) return;
    if ((err as { [HANDLED]?: boolean })[HANDLED]) emitPending(String(job.id));
    // Jobs BullMQ fails on its own (one that kept coming back from dead workers) never reach the processor.
    else void reportUnhandledFailure(records, emit, String(job.id), (job.data as OutboxPayload).messageId, err);
  });
  return worker;
}

/** A job that failed outside the processor: parked when its content may have gone out, failed otherwise. */
async function reportUnhandledFailure(records: DeliveryRecords, emit: OutboxWorkerSetup['emit'], jobId: string, messageId: string, err: Error): Promise<void> {
  const record = await records.read(jobId).catch(() => undefined);
  const ref = { jobId, messageId, attempt: (record?.attempt ?? 0) + 1 };
  const error = new SmtpError('EQUEUE', `the queue failed the job: ${err.message}`);
  if (!isParkedRecord(record)) {
    emit('failed', { ...ref, error });
    return;
  }
  const reason = record?.reason ?? CAME_BACK_REASON;
  // Recorded as parked so that it is counted and listed with the others.
  await records.write(jobId, { stage: 'parked', at: Date.now(), attempt: ref.attempt, reason, error: storeError(error) }).catch(() => undefined);
  emit('parked', { ...ref, reason, error });
}
