/** MailOutbox: a durable outbox on BullMQ + Redis that sends each message once, or parks it for review. */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Queue, Worker } from 'bullmq';
import { SmtpError } from '../core/errors.js';
import type { MailDefaults } from '../mime/message.interface.js';
import type { MailTransport } from '../transport/mail-transport.js';
import type { SendableMessage } from '../transport/template-renderer.js';
import { DeliveryRecords, type AcceptedInfo, type DeliveryRecord, type RecordClient } from './delivery-record.js';
import { storeError, type StoredSmtpError } from './job-error.js';
import { composePayload, type OutboxPayload } from './job-payload.js';
import { loadBullMq, type BullMq } from './load-bullmq.js';
import type { OutboxEvents } from './outbox-events.js';
import { resolveOutboxOptions, type OutboxOptions, type ResolvedOutboxOptions } from './outbox-options.js';
import { createProcessor, HANDLED, CAME_BACK_REASON } from './outbox-processor.js';
import { withTimeout } from './with-timeout.js';

/** The BullMQ job name of every outbox job. */
const JOB_NAME = 'mail';

/** Per-message options of `enqueue`. */
export interface EnqueueOptions {
  /** Milliseconds to wait before the first attempt. */
  delay?: number;
  /** BullMQ priority: 1 is the highest; jobs without one go before prioritized ones. */
  priority?: number;
  /**
   * The job's id, for idempotence: a second `enqueue` with the id of a job still in Redis queues nothing and
   * resolves that job. Not a number; no `:`. @defaultValue a random UUID
   */
  jobId?: string;
}

/** What `enqueue` resolves once the job is stored in Redis. */
export interface EnqueueResult {
  /** The job's id: the `jobId` given, or a random UUID. */
  jobId: string;
  /** The Message-ID of the queued message (that of the first, when the jobId was queued before). */
  messageId: string;
}

/** Where a job is. `parked`: failed with its delivery unknown, waiting for an operator. */
export type OutboxJobState = 'waiting' | 'delayed' | 'prioritized' | 'active' | 'completed' | 'failed' | 'parked' | 'unknown';

/** A job as an operator sees it. */
export interface OutboxJobStatus {
  /** The job's id. */
  jobId: string;
  /** The message's Message-ID (angle brackets included). */
  messageId: string;
  /** Where the job is; `parked` when it failed with its delivery unknown. */
  state: OutboxJobState;
  /** Failed attempts so far. */
  attemptsMade: number;
  /** The envelope it is sent with. */
  envelope: {
    /** MAIL FROM (`''` for the null sender). */
    from: string;
    /** RCPT TO. */
    to: string[];
  };
  /** The last delivery record: stage, and the error or the server's acceptance. */
  record?: DeliveryRecord;
  /** The last error (failed, parked, or an attempt before a retry). */
  error?: StoredSmtpError;
  /** The server's acceptance, for a completed job. */
  info?: AcceptedInfo;
  /** Why a parked job is parked. */
  reason?: string;
}

/** Job counts by state, for dashboards and the health indicator. */
export interface OutboxCounts {
  /** Waiting, prioritized and delayed jobs: not yet being sent. */
  backlog: number;
  /** Waiting and prioritized jobs. */
  waiting: number;
  /** Jobs waiting for their delay or backoff. */
  delayed: number;
  /** Jobs being sent now. */
  active: number;
  /** Completed jobs still kept in Redis (see `keepCompleted`). */
  completed: number;
  /** Failed for good (parked ones not included). */
  failed: number;
  /** Parked jobs: delivery unknown, waiting for an operator. */
  parked: number;
}

/** What `MailOutbox.create` needs: the queue options, plus the mailer that composes and sends. */
export interface MailOutboxSetup extends OutboxOptions {
  /** Composes at enqueue (its options, templates, recipient policy) and sends in the worker. */
  transport: MailTransport;
  /** Message fields applied under every message, as the mailer's `defaults`. */
  defaults?: MailDefaults;
}

/**
 * A durable outbox: `enqueue` stores the composed message in Redis (BullMQ) and resolves once it is there; workers
 * send each job through the transport. A message is delivered at most once: a send whose outcome is unknown (no
 * reply to the final dot, or a worker that died after writing it) is parked for an operator, never sent again
 * on its own. 4xx replies and connection trouble are retried with backoff; 5xx replies fail the job for good.
 *
 * @example
 * const outbox = await MailOutbox.create({ transport, connection: 'redis://127.0.0.1:6379' });
 * const { jobId } = await outbox.enqueue({ from: 'app@example.com', to: 'ann@example.com', subject: 'Hi', text: 'Hello' });
 */
export class MailOutbox extends EventEmitter<OutboxEvents> {
  /** The options as validated, with defaults filled in. */
  readonly options: ResolvedOutboxOptions;
  private readonly queue: Queue;
  private worker?: Worker;
  private readonly records: DeliveryRecords;
  private closing?: Promise<void>;
  /**
   * What the processor reported for a job, held until BullMQ has moved the job (its `completed` / `failed`
   * event), so that an event is never ahead of the job's state in Redis.
   */
  private readonly settled = new Map<string, OutboxEventEntry>();

  private constructor(
    private readonly bull: BullMq,
    options: ResolvedOutboxOptions,
    private readonly transport: MailTransport,
    private readonly defaults: MailDefaults | undefined,
  ) {
    super();
    this.options = options;
    // Fail fast rather than queue commands while Redis is away: an enqueue that gave up must not land later.
    const connection = { ...options.connection, enableOfflineQueue: false, maxRetriesPerRequest: 0 };
    this.queue = new bull.Queue(options.name, { connection, ...(options.prefix && { prefix: options.prefix }) });
    // Connection errors are retried by the client and show as EQUEUE where they matter; never an unhandled 'error'.
    this.queue.on('error', () => undefined);
    const client = async (): Promise<RecordClient> => (await (this.worker ?? this.queue).getBackend().client) as unknown as RecordClient;
    this.records = new DeliveryRecords(client, (jobId) => this.queue.toKey(jobId), options.recordTimeout, this.queue.toKey('nestjs-smtp:parked'));
  }

  /**
   * Loads BullMQ, checks the options and, unless `worker: false`, starts a worker in this process.
   * @throws SmtpError ECONFIG for a bad option, or when the package `bullmq` is not installed.
   */
  static async create(setup: MailOutboxSetup): Promise<MailOutbox> {
    const { transport, defaults, ...options } = setup;
    const resolved = resolveOutboxOptions(options);
    const bull = await loadBullMq();
    const outbox = new MailOutbox(bull, resolved, transport, defaults);
    if (resolved.worker) outbox.startWorker();
    return outbox;
  }

  /**
   * Checks and composes the message (templates rendered, attachments read in), then stores it as a job.
   * Resolves once Redis holds the job; with a `jobId` already queued, queues nothing and resolves that job.
   * @throws SmtpError with the code a send would give for a bad message (nothing queued); EMESSAGE past
   *   `maxMessageBytes`; EQUEUE when Redis is unreachable or slow past `enqueueTimeout`; ECLOSED after `close()`.
   */
  async enqueue(message: SendableMessage, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    if (this.closing) throw closedError();
    const jobId = checkJobId(options.jobId) ?? randomUUID();
    checkJobOptions(options);
    const payload = await composePayload(message, { transport: this.transport, defaults: this.defaults, maxMessageBytes: this.options.maxMessageBytes });
    const messageId = await withTimeout(
      (signal) => this.add(jobId, payload, options, signal),
      this.options.enqueueTimeout,
      `queueing job ${jobId}`,
      '; the job may still be queued: enqueue it again with the same jobId to have it queued once',
    );
    return { jobId, messageId };
  }

  /** The job's state, delivery record and last error; undefined when no such job is in Redis. */
  async getJob(jobId: string): Promise<OutboxJobStatus | undefined> {
    const job = await withTimeout(() => this.queue.getJob(jobId), this.options.enqueueTimeout, `reading job ${jobId}`);
    if (!job) return undefined;
    const [state, record] = await Promise.all([job.getState(), this.records.read(jobId)]);
    const data = job.data as OutboxPayload;
    const isParked = state === 'failed' && isParkedRecord(record);
    return {
      jobId,
      messageId: data.messageId,
      state: isParked ? 'parked' : (state as OutboxJobState),
      attemptsMade: job.attemptsMade,
      envelope: data.envelope,
      ...(record && { record }),
      ...(record?.error && { error: record.error }),
      ...(record?.info && { info: record.info }),
      ...(isParked && { reason: record?.reason ?? CAME_BACK_REASON }),
    };
  }

  /** Every parked job (delivery unknown), oldest first. Reads each parked job: meant for an operator. */
  async listParked(): Promise<OutboxJobStatus[]> {
    const ids = await this.records.parkedIds();
    const statuses = await Promise.all(ids.map((jobId) => this.getJob(jobId)));
    // A parked job removed by hand leaves its id behind; it is simply not listed.
    return statuses.filter((status): status is OutboxJobStatus => status?.state === 'parked');
  }

  /**
   * Sends a parked or failed job again, with its attempts counted from zero. For a parked job, call it only
   * once you know the message did not arrive: the outbox cannot tell.
   * @throws SmtpError EQUEUE when the job is missing or neither parked nor failed, or Redis does not answer.
   */
  async requeue(jobId: string): Promise<void> {
    const status = await this.getJob(jobId);
    if (!status) throw new SmtpError('EQUEUE', `job ${jobId} is not in the queue`);
    if (status.state !== 'parked' && status.state !== 'failed') throw new SmtpError('EQUEUE', `job ${jobId} is ${status.state}, not parked or failed: nothing to requeue`);
    await this.records.write(jobId, undefined);
    const job = await this.queue.getJob(jobId);
    await withTimeout(() => job!.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }), this.options.enqueueTimeout, `requeueing job ${jobId}`);
  }

  /** Job counts by state (parked apart from failed). @throws SmtpError EQUEUE when Redis does not answer in time. */
  async counts(): Promise<OutboxCounts> {
    const counts = await withTimeout(
      () => this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'),
      this.options.enqueueTimeout,
      'counting jobs',
    );
    const parked = Math.min(await this.records.countParked(), counts.failed ?? 0);
    const waiting = (counts.waiting ?? 0) + (counts.prioritized ?? 0);
    return {
      backlog: waiting + (counts.delayed ?? 0),
      waiting,
      delayed: counts.delayed ?? 0,
      active: counts.active ?? 0,
      completed: counts.completed ?? 0,
      failed: (counts.failed ?? 0) - parked,
      parked,
    };
  }

  /**
   * Graceful close: no new job starts, sends under way finish (and record their outcome), then the Redis
   * connections close. Later `enqueue` calls reject with ECLOSED. Calling it again returns the same promise.
   * Never rejects. Does not close the transport.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // A close that cannot reach Redis (QUIT refused while it is away) still drops the connections.
      if (this.worker) await this.worker.close().catch(() => this.worker?.disconnect());
      await this.queue.close().catch(() => this.queue.disconnect());
    })().catch(() => undefined);
    return this.closing;
  }

  private startWorker(): void {
    const { options } = this;
    const processor = createProcessor({
      transport: this.transport,
      records: this.records,
      UnrecoverableError: this.bull.UnrecoverableError,
      reports: {
        started: (jobId) => this.settled.delete(jobId),
        completed: (job) => this.settled.set(job.jobId, { event: 'completed', payload: job }),
        retried: (job) => this.settled.set(job.jobId, { event: 'retried', payload: job }),
        failed: (job) => this.settled.set(job.jobId, { event: 'failed', payload: job }),
        parked: (job) => this.settled.set(job.jobId, { event: 'parked', payload: job }),
      },
    });
    this.worker = new this.bull.Worker(options.name, processor, {
      connection: { ...options.connection, maxRetriesPerRequest: null },
      ...(options.prefix && { prefix: options.prefix }),
      concurrency: options.concurrency,
      ...(options.limiter && { limiter: options.limiter }),
      lockDuration: options.lockDuration,
      stalledInterval: options.stalledInterval,
      maxStalledCount: options.maxStalledCount,
    });
    this.worker.on('error', () => undefined);
    this.worker.on('completed', (job) => this.emitSettled(String(job.id)));
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      if ((err as { [HANDLED]?: boolean })[HANDLED]) this.emitSettled(String(job.id));
      // Jobs BullMQ fails on its own (one that kept coming back from dead workers) never reach the processor.
      else void this.reportUnhandledFailure(String(job.id), (job.data as OutboxPayload).messageId, err);
    });
  }

  private emitSettled(jobId: string): void {
    const entry = this.settled.get(jobId);
    if (!entry) return;
    this.settled.delete(jobId);
    // One entry type per event name; the union is narrowed by how it was stored.
    (this.emit as (event: string, payload: unknown) => boolean)(entry.event, entry.payload);
  }

  /** A job that failed outside the processor: parked when its content may have gone out, failed otherwise. */
  private async reportUnhandledFailure(jobId: string, messageId: string, err: Error): Promise<void> {
    const record = await this.records.read(jobId).catch(() => undefined);
    const ref = { jobId, messageId, attempt: (record?.attempt ?? 0) + 1 };
    const error = new SmtpError('EQUEUE', `the queue failed the job: ${err.message}`);
    if (!isParkedRecord(record)) {
      this.emit('failed', { ...ref, error });
      return;
    }
    const reason = record?.reason ?? CAME_BACK_REASON;
    // Recorded as parked so that it is counted and listed with the others.
    await this.records.write(jobId, { stage: 'parked', at: Date.now(), attempt: ref.attempt, reason, error: storeError(error) }).catch(() => undefined);
    this.emit('parked', { ...ref, reason, error });
  }

  private async add(jobId: string, payload: OutboxPayload, options: EnqueueOptions, signal: AbortSignal): Promise<string> {
    const client = (await this.queue.getBackend().client) as unknown as { status: string };
    // Connected late, after enqueue gave up: queue nothing.
    if (signal.aborted) throw new SmtpError('EQUEUE', `queueing job ${jobId}: cancelled`);
    if (client.status !== 'ready') throw new SmtpError('EQUEUE', `queueing job ${jobId}: Redis is not connected (${client.status}); nothing was queued`);
    const job = await this.queue.add(JOB_NAME, payload, {
      jobId,
      ...(options.delay !== undefined && { delay: options.delay }),
      ...(options.priority !== undefined && { priority: options.priority }),
      attempts: this.options.attempts,
      backoff: this.options.backoff,
      removeOnComplete: this.options.keepCompleted,
      removeOnFail: false,
    });
    if (options.jobId === undefined) return payload.messageId;
    // A jobId queued before: BullMQ kept the first job; say which message that is.
    const stored = await this.queue.getJob(String(job.id));
    return (stored?.data as OutboxPayload | undefined)?.messageId ?? payload.messageId;
  }
}

/** An event the processor reported, waiting for BullMQ to move its job. */
type OutboxEventEntry = { [E in keyof OutboxEvents]: { event: E; payload: OutboxEvents[E][0] } }[keyof OutboxEvents];

function isParkedRecord(record: DeliveryRecord | undefined): boolean {
  return record?.stage === 'parked' || record?.stage === 'content-sent';
}

function checkJobId(jobId: unknown): string | undefined {
  if (jobId === undefined) return undefined;
  if (typeof jobId !== 'string' || jobId === '' || /^\d+$/.test(jobId) || jobId.includes(':')) {
    throw new SmtpError('ECONFIG', 'invalid jobId: expected a non-empty string that is not a number and has no ":"');
  }
  return jobId;
}

/** BullMQ's highest priority number (the lowest priority). */
const MAX_PRIORITY = 2_097_152;

function checkJobOptions({ delay, priority }: EnqueueOptions): void {
  if (delay !== undefined && (typeof delay !== 'number' || !Number.isInteger(delay) || delay < 0)) {
    throw new SmtpError('ECONFIG', 'invalid delay: expected a whole number of milliseconds >= 0');
  }
  if (priority !== undefined && (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 1 || priority > MAX_PRIORITY)) {
    throw new SmtpError('ECONFIG', `invalid priority: expected an integer from 1 (highest) to ${MAX_PRIORITY}`);
  }
}

function closedError(): SmtpError {
  return new SmtpError('ECLOSED', 'the outbox is closed; nothing was queued');
}
