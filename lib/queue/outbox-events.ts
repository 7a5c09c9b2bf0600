/** What an outbox tells operators about its jobs, as typed events. */
import type { SmtpError } from '../core/errors.js';
import type { AcceptedInfo } from './delivery-record.js';

/** Which job an event is about. */
export interface OutboxJobRef {
  /** The job's id. */
  jobId: string;
  /** The message's Message-ID (angle brackets included). */
  messageId: string;
  /** The attempt the event belongs to (1 for the first). */
  attempt: number;
}

/** A job the server accepted. */
export interface OutboxCompletedEvent extends OutboxJobRef {
  /** What the server said. */
  info: AcceptedInfo;
}

/** An attempt that failed without delivering, or a job failed for good. */
export interface OutboxFailureEvent extends OutboxJobRef {
  /** Why the attempt failed. */
  error: SmtpError;
}

/** A job parked for review. */
export interface OutboxParkedEvent extends OutboxJobRef {
  /** Why it is parked. */
  reason: string;
  /** The send's error, when one was seen. */
  error?: SmtpError;
}

/** Events of a `MailOutbox`, emitted in the process whose worker handled the job. */
export interface OutboxEvents {
  /** The server accepted the message. */
  completed: [job: OutboxCompletedEvent];
  /** An attempt failed without delivering (`delivery: 'not-sent'`); the job waits for its backoff and is tried again. */
  retried: [job: OutboxFailureEvent];
  /** Refused for good (5xx, or attempts used up); the error is kept on the job. */
  failed: [job: OutboxFailureEvent];
  /** Delivery unknown: parked for an operator (see `listParked`, `requeue`), never sent again on its own. */
  parked: [job: OutboxParkedEvent];
}
