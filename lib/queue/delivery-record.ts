/**
 * The per-job record that makes a send exactly-once-or-parked: "content sent" is written (while the worker
 * still holds the job) before the final dot, the outcome after the reply. A job that comes back with
 * "content sent" and no outcome may have been delivered, so it is parked instead of sent again.
 */
import { SmtpError } from '../core/errors.js';
import type { StoredSmtpError } from './job-error.js';
import { withTimeout } from './with-timeout.js';

/** Where a job's delivery stands. */
export type DeliveryStage =
  /** The final dot (or last BDAT) is about to be written; no verdict recorded yet. */
  | 'content-sent'
  /** The server accepted the message (250 to the final dot). */
  | 'accepted'
  /** The last attempt certainly did not deliver; another may follow. */
  | 'not-sent'
  /** Refused for good (5xx, or attempts used up); `error` says why. */
  | 'failed'
  /** Delivery unknown: waits for an operator, never sent again on its own. */
  | 'parked';

/** What the server said when it accepted the message. */
export interface AcceptedInfo {
  /** The message's Message-ID. */
  messageId: string;
  /** Recipients the server accepted. */
  accepted: string[];
  /** Recipients the server refused (the message went to the others). */
  rejected: string[];
  /** The server's reply to the final dot or last BDAT. */
  response: string;
}

/** The record, as JSON in a field of the BullMQ job hash (it goes when the job goes). */
export interface DeliveryRecord {
  /** Where the delivery stands. */
  stage: DeliveryStage;
  /** When it was written (ms since the epoch). */
  at: number;
  /** The attempt that wrote it (1 for the first). */
  attempt: number;
  /** The last error (not-sent, failed, parked). */
  error?: StoredSmtpError;
  /** The server's acceptance (accepted). */
  info?: AcceptedInfo;
  /** Why a job was parked, for the operator. */
  reason?: string;
}

/** The Redis client calls the record needs (BullMQ's client abstraction has them all). */
export interface RecordClient {
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
  runCommand(name: string, args: unknown[]): Promise<unknown>;
  hget(key: string, field: string): Promise<string | null>;
  zcard(key: string): Promise<number>;
  zrange(key: string, start: number, end: number): Promise<string[]>;
}

const FIELD = 'nestjs-smtp:delivery';
const WRITE_COMMAND = 'nestjsSmtpWriteDeliveryRecord2';
/**
 * Writes the record only into a job that still exists, and, given a lock token, only while that token holds
 * the job's BullMQ lock: a worker that lost its job to another (it stalled, the lock expired) cannot commit.
 * ARGV[3] empty deletes the field. Keeps the queue's set of parked jobs (KEYS[3], scored by time) in step, so
 * that counting or listing them never reads every failed job.
 */
const WRITE_SCRIPT = `
if ARGV[1] ~= '' and redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[2]) else redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) end
if ARGV[5] == 'parked' then redis.call('ZADD', KEYS[3], ARGV[6], ARGV[4]) else redis.call('ZREM', KEYS[3], ARGV[4]) end
return 1`;

/** Reads and writes delivery records of one queue's jobs. */
export class DeliveryRecords {
  private readonly defined = new WeakSet<RecordClient>();

  constructor(
    private readonly client: () => Promise<RecordClient>,
    /** The Redis key of a job's hash (BullMQ `toKey(jobId)`). */
    private readonly jobKey: (jobId: string) => string,
    private readonly timeoutMs: number,
    /** The sorted set of the queue's parked job ids. */
    private readonly parkedKey: string,
  ) {}

  /** How many jobs are parked. @throws SmtpError EQUEUE when Redis does not answer in time. */
  async countParked(): Promise<number> {
    return withTimeout(async () => (await this.client()).zcard(this.parkedKey), this.timeoutMs, 'counting parked jobs');
  }

  /** The ids of parked jobs, oldest first. @throws SmtpError EQUEUE when Redis does not answer in time. */
  async parkedIds(): Promise<string[]> {
    return withTimeout(async () => (await this.client()).zrange(this.parkedKey, 0, -1), this.timeoutMs, 'listing parked jobs');
  }

  /** @throws SmtpError EQUEUE when Redis does not answer in time. */
  async read(jobId: string): Promise<DeliveryRecord | undefined> {
    const raw = await withTimeout(async () => (await this.client()).hget(this.jobKey(jobId), FIELD), this.timeoutMs, `reading the delivery record of job ${jobId}`);
    return raw ? (JSON.parse(raw) as DeliveryRecord) : undefined;
  }

  /**
   * Writes the record while `token` holds the job's lock (no check without a token).
   * @throws SmtpError EQUEUE when Redis does not answer in time, the lock is held by another, or the job is gone.
   */
  async write(jobId: string, record: DeliveryRecord | undefined, token = ''): Promise<void> {
    const what = `writing "${record?.stage ?? 'cleared'}" for job ${jobId}`;
    const result = await withTimeout(() => this.run(jobId, token, record), this.timeoutMs, what);
    if (result === 0) throw new SmtpError('EQUEUE', `${what}: the job is no longer held by this worker (its lock expired and another took it)`);
    if (result === -1) throw new SmtpError('EQUEUE', `${what}: the job no longer exists`);
  }

  private async run(jobId: string, token: string, record: DeliveryRecord | undefined): Promise<unknown> {
    const client = await this.client();
    if (!this.defined.has(client)) {
      client.defineCommand(WRITE_COMMAND, { numberOfKeys: 3, lua: WRITE_SCRIPT });
      this.defined.add(client);
    }
    const key = this.jobKey(jobId);
    const value = record ? JSON.stringify(record) : '';
    return client.runCommand(WRITE_COMMAND, [key, `${key}:lock`, this.parkedKey, token, FIELD, value, jobId, record?.stage ?? '', String(record?.at ?? 0)]);
  }
}
