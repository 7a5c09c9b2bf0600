/**
 * Enqueues made in one event-loop turn, written to Redis together: one MULTI, so one round trip and one fsync
 * for the lot, and each enqueue still settles with its own outcome.
 */
import type { Job, JobsOptions, Queue } from 'bullmq';
import { SmtpError } from '../core/errors.js';
import type { OutboxPayload } from './job-payload.js';

/** The BullMQ job name of every outbox job. */
export const JOB_NAME = 'mail';
/** At most this many jobs go in one MULTI; more made in the same turn go in the next ones, sent at once. */
export const MAX_BATCH_JOBS = 200;
/** At most this many message bytes go in one MULTI (a larger single job goes alone). */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/** What the caller may do about an enqueue that gave up after its write may have reached Redis. */
const MAY_BE_QUEUED = '; the job may still be queued: enqueue it again with the same jobId to have it queued once';

/**
 * Run first in the MULTI, over the keys of the jobs whose ids the callers gave: for each, the Message-ID of the
 * job already stored under it, or false when there is none (the insert after it then stores this one). Atomic
 * with the inserts, so the answer cannot go stale in between; one script for the batch, not one per job;
 * `cjson` reads any escape a Message-ID may hold in the JSON (it decodes only jobs that exist, the rare case).
 * A key Redis cannot read as a hash gives false here; the job's insert then fails on it, alone.
 */
const EXISTING_MESSAGE_IDS = `local found = {}
for i, key in ipairs(KEYS) do
  local data = redis.pcall('HGET', key, 'data')
  found[i] = false
  if type(data) == 'string' then
    local ok, job = pcall(cjson.decode, data)
    found[i] = (ok and type(job) == 'table' and type(job.messageId) == 'string') and job.messageId or ''
  end
end
return found`;

/** One enqueue, composed and checked, waiting for its batch. */
export interface BatchedJob {
  jobId: string;
  /** The caller gave the id: a job already stored under it wins, and its Message-ID is read back. */
  isGivenId: boolean;
  payload: OutboxPayload;
  delay?: number;
  priority?: number;
}

/** The commands of a MULTI the batch uses (ioredis' transaction, as BullMQ hands it out). */
interface Transaction {
  eval(script: string, keyCount: number, ...keys: string[]): unknown;
  exec(): Promise<Array<[Error | null, unknown]> | null>;
}

/** The client BullMQ holds for the queue: the connection state, and a MULTI on it. */
interface QueueClient {
  status: string;
  multi(): Transaction;
}

/** What the batch needs of the outbox. */
export interface BatchTarget {
  queue: Queue;
  /** BullMQ's Job class, which turns data and options into what its insert script takes. */
  Job: typeof Job;
  /** The options every job gets (attempts, backoff, what to keep); the job's own id, delay and priority are added. */
  jobOptions: Readonly<JobsOptions>;
  /** How long a batch waits for Redis before its enqueues reject with EQUEUE. */
  timeoutMs: number;
}

interface Pending extends BatchedJob {
  resolve(messageId: string): void;
  reject(err: SmtpError): void;
  settled: boolean;
  /** Later enqueues of the same given jobId in the batch: not inserted again, they settle as this one does. */
  followers?: Pending[];
}

function settle(entry: Pending, outcome: string | SmtpError): void {
  if (entry.settled) return;
  entry.settled = true;
  if (typeof outcome === 'string') entry.resolve(outcome);
  else entry.reject(outcome);
  for (const follower of entry.followers ?? []) settle(follower, outcome);
}

function failure(entry: Pending, reason: string): SmtpError {
  return new SmtpError('EQUEUE', `queueing job ${entry.jobId}: ${reason}`);
}

/** Splits the turn's enqueues into MULTIs of at most MAX_BATCH_JOBS jobs and MAX_BATCH_BYTES bytes. */
function chunks(entries: Pending[]): Pending[][] {
  const out: Pending[][] = [];
  let current: Pending[] = [];
  let bytes = 0;
  for (const entry of entries) {
    if (current.length > 0 && (current.length >= MAX_BATCH_JOBS || bytes + entry.payload.size > MAX_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.payload.size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Collects enqueues until the end of the current event-loop turn (`setImmediate`), then writes them in one MULTI.
 * No timer window: an enqueue alone waits one turn, not a fixed delay, and concurrent ones group by themselves
 * (requests read in one poll, or callers whose previous batch came back together, compose in the same turn).
 * A MULTI, not a plain pipeline: Redis runs it as one unit and writes it to the append-only file once, and a
 * connection lost before EXEC leaves nothing of it behind.
 */
export class EnqueueBatch {
  private pending: Pending[] = [];
  private readonly writing = new Set<Promise<void>>();

  constructor(private readonly target: BatchTarget) {}

  /**
   * Queues the job with the others of this turn; resolves with its Message-ID (that of the job already
   * stored, for a given id that was queued before).
   * @throws SmtpError EQUEUE when Redis is not connected (nothing queued), refuses the job, or does not answer
   *   within the timeout (the job may still be queued).
   */
  add(job: BatchedJob): Promise<string> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ...job, resolve, reject, settled: false });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Writes what is pending now and waits until every batch under way has settled. Never rejects. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all(this.writing);
  }

  private flush(): void {
    const entries = this.pending;
    if (entries.length === 0) return;
    this.pending = [];
    for (const chunk of chunks(entries)) {
      const writing = this.write(chunk);
      this.writing.add(writing);
      void writing.finally(() => this.writing.delete(writing));
    }
  }

  /** One MULTI; every entry settles once: by its result, the batch's failure, or the timeout. */
  private async write(chunk: Pending[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let isTimedOut = false;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        isTimedOut = true;
        const reason = `Redis did not answer within ${this.target.timeoutMs} ms${MAY_BE_QUEUED}`;
        for (const entry of chunk) settle(entry, failure(entry, reason));
        resolve();
      }, this.target.timeoutMs);
    });
    const sent = this.send(chunk, () => isTimedOut).catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      for (const entry of chunk) settle(entry, failure(entry, reason));
    });
    try {
      await Promise.race([sent, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async send(chunk: Pending[], isTimedOut: () => boolean): Promise<void> {
    const { queue } = this.target;
    const client = (await queue.getBackend().client) as unknown as QueueClient;
    // Connected late, after the enqueues gave up: queue nothing.
    if (isTimedOut()) return;
    // The client never buffers commands while Redis is away, so the MULTI would fail half-sent: refuse it whole.
    if (client.status !== 'ready') {
      for (const entry of chunk) settle(entry, failure(entry, `Redis is not connected (${client.status}); nothing was queued`));
      return;
    }
    const multi = client.multi();
    // A jobId given twice in the batch is inserted once; the later enqueues settle as the first does.
    const firsts = new Map<string, Pending>();
    const followers = new Set<Pending>();
    for (const entry of chunk) {
      const first = entry.isGivenId ? firsts.get(entry.jobId) : undefined;
      if (first) {
        (first.followers ??= []).push(entry);
        followers.add(entry);
      } else if (entry.isGivenId) firsts.set(entry.jobId, entry);
    }
    const given = [...firsts.values()];
    if (given.length > 0) multi.eval(EXISTING_MESSAGE_IDS, given.length, ...given.map((entry) => queue.toKey(entry.jobId)));
    const inserted: Array<[Pending, number]> = [];
    let position = given.length > 0 ? 1 : 0;
    for (const entry of chunk) {
      if (followers.has(entry)) continue;
      try {
        await this.queueInsert(multi, entry);
        inserted.push([entry, position++]);
      } catch (err) {
        // Not on the MULTI: this job fails alone, the others go ahead.
        settle(entry, failure(entry, `${err instanceof Error ? err.message : String(err)}; nothing was queued`));
      }
    }
    let replies;
    try {
      replies = await multi.exec();
    } catch (err) {
      // The connection may have gone after Redis ran the transaction, before its reply came back.
      throw new Error(`${err instanceof Error ? err.message : String(err)}${MAY_BE_QUEUED}`, { cause: err });
    }
    if (!replies) throw new Error('Redis discarded the transaction; nothing was queued');
    const [checkError, existing] = given.length > 0 ? replies[0] : [null, []];
    const existingIds = new Map(given.map((entry, i) => [entry, (existing as unknown[])[i]]));
    for (const [entry, at] of inserted) {
      const error = replies[at][0] ?? (existingIds.has(entry) ? checkError : null);
      // A command refused inside the MULTI refuses this job alone; Redis ran the others.
      if (error) settle(entry, failure(entry, `Redis refused the job (${error.message})${MAY_BE_QUEUED}`));
      else {
        // A job was stored under this id before this batch: BullMQ kept it; report it.
        const messageId = existingIds.get(entry);
        settle(entry, typeof messageId === 'string' ? messageId : entry.payload.messageId);
      }
    }
  }

  /** BullMQ's own insert script (delayed, prioritized or standard) for the job, queued on the MULTI as addBulk does. */
  private async queueInsert(multi: Transaction, entry: Pending): Promise<void> {
    const { queue, Job, jobOptions } = this.target;
    const opts: JobsOptions = {
      ...jobOptions,
      jobId: entry.jobId,
      ...(entry.delay !== undefined && { delay: entry.delay }),
      ...(entry.priority !== undefined && { priority: entry.priority }),
    };
    // The options were checked by the outbox already, as BullMQ's `validateOptions` would.
    const json = new Job(queue, JOB_NAME, entry.payload, opts, entry.jobId).asJSON();
    await queue.getBackend().addJobToTransaction(multi as never, json, entry.jobId);
  }
}
