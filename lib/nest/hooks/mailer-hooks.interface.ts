/** The send hooks of a mailer (`hooks` in MailerModule options) and the payloads of the events it can emit. */
import type { SmtpError } from '../../core/errors.js';
import type { AcceptedInfo } from '../../queue/delivery-record.js';
import type { SentMessageInfo } from '../../transport/mail-transport.js';
import type { SendableMessage } from '../../transport/template-renderer.js';

/**
 * Functions a mailer calls around each `sendMail` and each queued message. Every `sendMail` ends in exactly one of
 * `afterSend` or `onError`. A queued message meets `beforeSend` at `enqueue`, in the enqueuing process; once queued,
 * it ends in exactly one of `afterQueuedSend`, `onQueuedError` or `onParked`, run in the process whose worker
 * handled the job (an operator's `requeue` of a parked or failed job gives it one more outcome).
 *
 * @example
 * MailerModule.forRoot({
 *   transport: process.env.MAIL_URL!,
 *   hooks: {
 *     beforeSend: (message) => ({ ...message, headers: { ...message.headers, 'X-Tenant': tenantId() } }),
 *     afterSend: (info) => metrics.increment('mail.sent'),
 *     onError: (error) => metrics.increment(`mail.failed.${error instanceof SmtpError ? error.code : 'other'}`),
 *   },
 * })
 */
export interface MailerHooks {
  /**
   * Runs before anything is checked or sent, for `sendMail` and for `enqueue` (before the message is composed).
   * Return a changed message to send or queue that instead (return nothing to keep it as it is); throw (an
   * `SmtpError` is the usual choice) to refuse it: `sendMail` or `enqueue` rejects with what was thrown, no
   * connection is opened and nothing is queued.
   */
  beforeSend?(message: SendableMessage): SendableMessage | void | Promise<SendableMessage | void>;
  /**
   * Runs once the message was accepted, before `sendMail` resolves, with the message as sent. What it throws is
   * logged and the caller still gets the info.
   */
  afterSend?(info: SentMessageInfo, message: SendableMessage): void | Promise<void>;
  /**
   * Runs when the send failed (a refusal by `beforeSend` included), before `sendMail` rejects. What it throws is
   * logged and the caller still gets the original error.
   */
  onError?(error: unknown, message: SendableMessage): void | Promise<void>;
  /**
   * Runs once a queued message was accepted by the server, in the process whose worker sent it. What it throws is
   * logged; the job stays completed.
   */
  afterQueuedSend?(event: QueuedMailSentEvent): void | Promise<void>;
  /**
   * Runs once a queued message failed for good (a 5xx reply, a message the server can never take, or its attempts
   * used up by 4xx replies and connection trouble): it was not delivered. Attempts that will be retried run no hook.
   */
  onQueuedError?(event: QueuedMailFailedEvent): void | Promise<void>;
  /**
   * Runs once a queued message is parked: its content went out and no verdict came back, so it may have been
   * delivered. It is neither sent nor failed; it waits for an operator (`MailOutbox.listParked`, `requeue`).
   */
  onParked?(event: MailParkedEvent): void | Promise<void>;
}

/** `mail.sent` for a message `sendMail` sent. */
export interface DirectMailSentEvent {
  /** The mailer's name (`'default'`, a registered name, or `<name>/<tenant>` for a registry tenant). */
  mailer: string;
  /** The message as sent (after `beforeSend`). */
  message: SendableMessage;
  /** What the transport resolved. */
  info: SentMessageInfo;
  /** Absent: only queued mail has a job. */
  jobId?: undefined;
}

/** `mail.failed` for a message `sendMail` failed to send. */
export interface DirectMailFailedEvent {
  /** The mailer's name (`'default'`, a registered name, or `<name>/<tenant>` for a registry tenant). */
  mailer: string;
  /** The message as it was to be sent (after `beforeSend`, unless `beforeSend` refused it). */
  message: SendableMessage;
  /** Why it failed: an `SmtpError`, or what `beforeSend` threw. */
  error: unknown;
  /** Absent: only queued mail has a job. */
  jobId?: undefined;
}

/** Which queued job an outcome is about. The worker holds the composed bytes, not the message `enqueue` was given. */
export interface QueuedMailRef {
  /** The mailer's name (`'default'` or a registered name). */
  mailer: string;
  /** The job's id, as `enqueue` resolved it. */
  jobId: string;
  /** The message's Message-ID (angle brackets included), as `enqueue` resolved it. */
  messageId: string;
  /** The attempt that ended the job (1 for the first). */
  attempt: number;
  /** Absent: see `messageId`. */
  message?: undefined;
}

/** `mail.sent` and `afterQueuedSend` for a queued message the server accepted. */
export interface QueuedMailSentEvent extends QueuedMailRef {
  /** What the server said. */
  info: AcceptedInfo;
}

/** `mail.failed` and `onQueuedError` for a queued message that failed for good; `error.delivery` is `'not-sent'`. */
export interface QueuedMailFailedEvent extends QueuedMailRef {
  /** Why the last attempt failed. */
  error: SmtpError;
}

/** `mail.parked` and `onParked`: a queued message whose delivery is unknown, waiting for an operator. */
export interface MailParkedEvent extends QueuedMailRef {
  /** Why it is parked. */
  reason: string;
  /** The send's error (its `delivery` is `'uncertain'`), when one was seen. */
  error?: SmtpError;
}

/** Emitted as `mail.sent` through `@nestjs/event-emitter`; a queued message's has a `jobId`. */
export type MailSentEvent = DirectMailSentEvent | QueuedMailSentEvent;

/** Emitted as `mail.failed` through `@nestjs/event-emitter`; a queued message's has a `jobId`. */
export type MailFailedEvent = DirectMailFailedEvent | QueuedMailFailedEvent;
