/** The send hooks of a mailer (`hooks` in MailerModule options) and the payloads of the events it can emit. */
import type { SentMessageInfo } from '../../transport/mail-transport.js';
import type { SendableMessage } from '../../transport/template-renderer.js';

/**
 * Functions a mailer calls around each `sendMail`. Every send ends in exactly one of `afterSend` or `onError`.
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
   * Runs before anything is checked or sent. Return a changed message to send that instead (return nothing to send
   * it as it is); throw (an `SmtpError` is the usual choice) to refuse it: `sendMail` rejects with what was thrown
   * and no connection is opened.
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
}

/** Emitted as `mail.sent` through `@nestjs/event-emitter`. */
export interface MailSentEvent {
  /** The mailer's name (`'default'`, a registered name, or `<name>/<tenant>` for a registry tenant). */
  mailer: string;
  /** The message as sent (after `beforeSend`). */
  message: SendableMessage;
  /** What the transport resolved. */
  info: SentMessageInfo;
}

/** Emitted as `mail.failed` through `@nestjs/event-emitter`. */
export interface MailFailedEvent {
  /** The mailer's name (`'default'`, a registered name, or `<name>/<tenant>` for a registry tenant). */
  mailer: string;
  /** The message as it was to be sent (after `beforeSend`, unless `beforeSend` refused it). */
  message: SendableMessage;
  /** Why it failed: an `SmtpError`, or what `beforeSend` threw. */
  error: unknown;
}
