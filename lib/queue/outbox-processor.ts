/**
 * What a worker does with one job: send the stored message once, record the outcome, and decide between
 * done, retry, failed for good and parked. The exactly-once-or-parked rule lives here.
 */
import { SmtpError, toSmtpError } from '../core/errors.js';
import type { MailTransport } from '../transport/mail-transport.js';
import type { AcceptedInfo, DeliveryRecord, DeliveryRecords } from './delivery-record.js';
import { reviveError, storeError } from './job-error.js';
import { payloadMessage } from './job-payload.js';
import type { OutboxCompletedEvent, OutboxFailureEvent, OutboxJobRef, OutboxParkedEvent } from './outbox-events.js';

/** The parts of a BullMQ job the processor reads. */
export interface ProcessedJob {
  id?: string;
  data: unknown;
  /** Attempts that ended in a failure so far. */
  attemptsMade: number;
  opts: { attempts?: number };
}

/** Where the processor reports (the outbox re-emits these as its events). */
export interface ProcessorReports {
  /** A job starts (forgets what an earlier run of it reported but never saw settled). */
  started(jobId: string): void;
  completed(job: OutboxCompletedEvent): void;
  retried(job: OutboxFailureEvent): void;
  failed(job: OutboxFailureEvent): void;
  parked(job: OutboxParkedEvent): void;
}

export interface ProcessorDependencies {
  transport: MailTransport;
  records: DeliveryRecords;
  reports: ProcessorReports;
  /** BullMQ's error that fails a job at once, whatever attempts are left. */
  UnrecoverableError: new (message?: string) => Error;
}

/** Marks errors the processor threw itself, so that the worker's `failed` listener does not report them twice. */
export const HANDLED = Symbol('nestjs-smtp.outbox.handled');

/** Codes that mean the message itself will not pass, whatever the reply code (none, or not 4xx). */
const MESSAGE_FAULTS = new Set(['EENVELOPE', 'EMESSAGE', 'ECONFIG', 'ETEMPLATE', 'EFILEACCESS', 'EURLACCESS']);

/** The reason a job that comes back with "content sent" and no outcome is parked. */
export const CAME_BACK_REASON =
  'the message content was sent by a worker that stopped before the reply was recorded; it may have been delivered';

/**
 * Whether trying again may help: 4xx replies, connection trouble, timeouts, Redis trouble do; 5xx replies and a
 * message the engine refuses (EENVELOPE, EMESSAGE, ...) without a 4xx do not.
 */
export function isRetryable(err: SmtpError): boolean {
  if (err.isPermanent()) return false;
  if (err.isTransient()) return true;
  return !MESSAGE_FAULTS.has(err.code);
}

function handled<E extends Error>(err: E): E {
  Object.defineProperty(err, HANDLED, { value: true });
  return err;
}

/** The function BullMQ's Worker calls with each job and its lock token. */
export function createProcessor(deps: ProcessorDependencies): (job: ProcessedJob, token?: string) => Promise<AcceptedInfo> {
  const { transport, records, reports } = deps;

  return async (job, token = '') => {
    const jobId = String(job.id);
    const ref: OutboxJobRef = { jobId, messageId: messageIdOf(job.data), attempt: job.attemptsMade + 1 };
    const record = (stage: DeliveryRecord['stage'], extra: Partial<DeliveryRecord> = {}): DeliveryRecord => ({ stage, at: Date.now(), attempt: ref.attempt, ...extra });

    reports.started(jobId);
    const previous = await records.read(jobId);
    // Accepted, then the worker died before BullMQ marked the job done: done, never sent again.
    if (previous?.stage === 'accepted' && previous.info) {
      reports.completed({ ...ref, info: previous.info });
      return previous.info;
    }
    if (previous?.stage === 'content-sent' || previous?.stage === 'parked') {
      const reason = previous.reason ?? CAME_BACK_REASON;
      await records.write(jobId, record('parked', { reason, ...(previous.error && { error: previous.error }) }), token);
      reports.parked({ ...ref, reason, ...(previous.error && { error: reviveError(previous.error) }) });
      throw handled(new deps.UnrecoverableError(`parked, needs review: ${reason}`));
    }

    let info;
    try {
      const message = payloadMessage(job.data);
      // Written while this worker holds the job, before the final dot: from here on a crash parks the job.
      const beforeCommit = (): Promise<void> => records.write(jobId, record('content-sent'), token);
      info = await transport.sendMail(message, { beforeCommit });
    } catch (err) {
      throw await settleFailure(deps, job, ref, toSmtpError(err, 'ESOCKET'), token);
    }
    const accepted: AcceptedInfo = { messageId: info.messageId || ref.messageId, accepted: info.accepted, rejected: info.rejected, response: info.response };
    // Should this write fail, the job keeps "content sent" and is parked when it comes back: never sent twice.
    await records.write(jobId, record('accepted', { info: accepted }), token);
    reports.completed({ ...ref, info: accepted });
    return accepted;
  };
}

/** Records a failed attempt and returns what to throw to BullMQ: a retry, or an end (failed, parked). */
async function settleFailure(deps: ProcessorDependencies, job: ProcessedJob, ref: OutboxJobRef, error: SmtpError, token: string): Promise<Error> {
  const { records, reports } = deps;
  const stored = storeError(error);
  const at = Date.now();
  if (error.delivery === 'uncertain') {
    const reason = `no reply to the end of the message (${error.code}${error.phase ? ` in ${error.phase}` : ''}); it may have been delivered`;
    await records.write(ref.jobId, { stage: 'parked', at, attempt: ref.attempt, reason, error: stored }, token);
    reports.parked({ ...ref, reason, error });
    return handled(new deps.UnrecoverableError(`parked, needs review: ${error.message}`));
  }
  const isLast = ref.attempt >= (job.opts.attempts ?? 1);
  if (!isRetryable(error) || isLast) {
    // Replaces "content sent" too: the server refused the content, so nothing was delivered.
    await records.write(ref.jobId, { stage: 'failed', at, attempt: ref.attempt, error: stored }, token);
    reports.failed({ ...ref, error });
    return handled(new deps.UnrecoverableError(error.message));
  }
  // Replaces "content sent" (a refusal of the final dot): the next attempt sends again, as it should.
  await records.write(ref.jobId, { stage: 'not-sent', at, attempt: ref.attempt, error: stored }, token);
  reports.retried({ ...ref, error });
  return handled(new Error(error.message));
}

function messageIdOf(data: unknown): string {
  const id = (data as { messageId?: unknown } | null)?.messageId;
  return typeof id === 'string' ? id : '';
}
