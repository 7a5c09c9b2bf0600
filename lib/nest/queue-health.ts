/** The outbox check behind `MailerHealthIndicator.isQueueHealthy`: Redis answers, counts within thresholds. */
import { SmtpError } from '../core/errors.js';
import type { MailOutbox } from '../queue/mail-outbox.js';
import type { MailerQueueCounts, MailerQueueHealthCheckOptions } from './interfaces/health-options.interface.js';

/** What one queue check found. */
export type QueueCheckOutcome =
  | { up: true; counts: MailerQueueCounts }
  | { up: false; code: string; message: string; counts?: MailerQueueCounts };

/** Reads the outbox's counts within `timeoutMs` and judges them; never rejects. */
export async function checkQueue(outbox: MailOutbox, timeoutMs: number, limits: MailerQueueHealthCheckOptions): Promise<QueueCheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new SmtpError('EQUEUE', `Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  let counts: MailerQueueCounts;
  try {
    const all = await Promise.race([outbox.counts(), timedOut]);
    counts = { backlog: all.backlog, active: all.active, failed: all.failed, parked: all.parked };
  } catch (err) {
    const code = err instanceof SmtpError ? err.code : 'EQUEUE';
    return { up: false, code, message: err instanceof SmtpError ? err.message : 'the queue could not be read' };
  } finally {
    clearTimeout(timer);
  }
  if (limits.maxBacklog !== undefined && counts.backlog > limits.maxBacklog) {
    return { up: false, code: 'EBACKLOG', message: `${counts.backlog} messages wait to be sent (more than ${limits.maxBacklog})`, counts };
  }
  if (limits.maxParked !== undefined && counts.parked > limits.maxParked) {
    return { up: false, code: 'EPARKED', message: `${counts.parked} messages are parked for review (more than ${limits.maxParked})`, counts };
  }
  return { up: true, counts };
}
