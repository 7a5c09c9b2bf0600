/**
 * The checks `enqueue` runs on its options: the outbox's, and the testing module's in-memory one, which must refuse
 * exactly what the outbox refuses. No BullMQ import, so the testing module can use them without the peer.
 */
import { SmtpError } from '../core/errors.js';

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

/** BullMQ's highest priority number (the lowest priority). */
const MAX_PRIORITY = 2_097_152;

/**
 * @internal The job id given, checked as BullMQ needs it; undefined when none was given.
 * @throws SmtpError ECONFIG for a number, an empty string or one with `:`.
 */
export function checkJobId(jobId: unknown): string | undefined {
  if (jobId === undefined) return undefined;
  if (typeof jobId !== 'string' || jobId === '' || /^\d+$/.test(jobId) || jobId.includes(':')) {
    throw new SmtpError('ECONFIG', 'invalid jobId: expected a non-empty string that is not a number and has no ":"');
  }
  return jobId;
}

/** @internal @throws SmtpError ECONFIG for a `delay` or `priority` BullMQ would refuse. */
export function checkJobOptions({ delay, priority }: EnqueueOptions): void {
  if (delay !== undefined && (typeof delay !== 'number' || !Number.isInteger(delay) || delay < 0)) {
    throw new SmtpError('ECONFIG', 'invalid delay: expected a whole number of milliseconds >= 0');
  }
  if (priority !== undefined && (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 1 || priority > MAX_PRIORITY)) {
    throw new SmtpError('ECONFIG', `invalid priority: expected an integer from 1 (highest) to ${MAX_PRIORITY}`);
  }
}
