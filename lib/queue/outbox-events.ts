/** What an outbox tells operators about its jobs, as typed events. */
import type { SmtpError } from '../core/errors.js';
import type { AcceptedInfo } from './delivery-record.js';

/** Which job an event is about. */
export interface OutboxJobRef {
  jobId: string;
  /** The message's Message-ID (angle brackets included). */
  messageId: string;
  /** The attempt the event belongs to (1 for the first). */
  attempt: number;
}

/** Events of a `MailOutbox`, emitted in the process whose worker handled the job. */
export interface OutboxEvents {
  /** The server accepted the message. */
  completed: [job: OutboxJobRef & { info: AcceptedInfo }];
  /** An attempt failed without delivering; the job waits for its backoff and is tried again. */
  retried: [job: OutboxJobRef & { error: SmtpError; delay?: number }];
  /** Refused for good (5xx, or attempts used up); the error is kept on the job. */
  failed: [job: OutboxJobRef & { error: SmtpError }];
  /** Delivery unknown: parked for an operator (see `listParked`, `requeue`), never sent again on its own. */
  parked: [job: OutboxJobRef & { reason: string; error?: SmtpError }];
}
