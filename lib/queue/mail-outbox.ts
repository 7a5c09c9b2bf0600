/** MailOutbox: a durable outbox on BullMQ + Redis that sends each message once, or parks it for review. */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Queue, Worker } from 'bullmq';
import { SmtpError } from '../core/errors.js';
import { createRandomPool } from '../mime/ids.js';
import type { MailDefaults } from '../mime/message.interface.js';
import type { MailTransport } from '../transport/mail-transport.js';
import type { SendableMessage } from '../transport/template-renderer.js';
import { DeliveryRecords, type AcceptedInfo, type DeliveryRecord, type RecordClient } from './delivery-record.js';
import type { StoredSmtpError } from './job-error.js';
import { EnqueueBatch } from './enqueue-batch.js';
import { composePayload, type OutboxPayload, type PayloadSource } from './job-payload.js';
import { loadBullMq, type BullMq } from './load-bullmq.js';
import type { OutboxEvents } from './outbox-events.js';
import { resolveOutboxOptions, type OutboxOptions, type ResolvedOutboxOptions } from './outbox-options.js';
import { CAME_BACK_REASON } from './outbox-processor.js';
import { isParkedRecord, startOutboxWorker } from './outbox-worker.js';
import { withTimeout } from './with-timeout.js';
import { checkJobId, checkJobOptions, type EnqueueOptions } from './enqueue-options.js';

export type { EnqueueOptions } from './enqueue-options.js';

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
  private readonly batch: EnqueueBatch;
  private readonly payloadSource: PayloadSource;
  private closing?: Promise<void>;

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
    // One random pool for the outbox's Message-IDs and boundaries: a refill per 4 KiB, not per message.
    this.payloadSource = { transport, defaults, maxMessageBytes: options.maxMessageBytes, randomBytes: createRandomPool() };
    this.batch = new EnqueueBatch({
      queue: this.queue,
      Job: bull.Job,
      jobOptions: Object.freeze({ attempts: options.attempts, backoff: options.backoff, removeOnComplete: options.keepCompleted, removeOnFail: false }),
      timeoutMs: options.enqueueTimeout,
    });
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
    if (typeof outbox.queue.getBackend().addJobToTransaction !== 'function') {
      await outbox.close();
      throw new SmtpError('ECONFIG', 'the mail queue: the installed "bullmq" cannot add jobs inside a transaction (addJobToTransaction); install a newer bullmq 6');
    }
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
    const payload = await composePayload(message, this.payloadSource);
    // Closed while composing: the batches still under way are being written; this one is refused whole.
    if (this.closing) throw closedError();
    const messageId = await this.batch.add({
      jobId,
      isGivenId: options.jobId !== undefined,
      payload,
      ...(options.delay !== undefined && { delay: options.delay }),
      ...(options.priority !== undefined && { priority: options.priority }),
    });
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
      // Enqueues already composed are written (or refused) before the connection goes.
      await this.batch.drain();
      // A close that cannot reach Redis (QUIT refused while it is away) still drops the connections.
      if (this.worker) await this.worker.close().catch(() => this.worker?.disconnect());
      await this.queue.close().catch(() => this.queue.disconnect());
    })().catch(() => undefined);
    return this.closing;
  }

  private startWorker(): void {
    this.worker = startOutboxWorker({
      bull: this.bull,
      options: this.options,
      transport: this.transport,
      records: this.records,
      // One payload type per event name, as OutboxEvents pairs them.
      emit: (event, payload) => (this.emit as (name: string, value: unknown) => boolean)(event, payload),
    });
  }
}

function closedError(): SmtpError {
  return new SmtpError('ECLOSED', 'the outbox is closed; nothing was queued');
}
