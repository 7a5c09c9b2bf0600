/** MailerService: what application code injects to send mail through one mailer's transport. */
import type { MessageFor } from '../transport/template-renderer.js';
import type { MailTransport, SentMessageInfo } from '../transport/mail-transport.js';
import { SmtpError } from '../core/errors.js';
import type { EnqueueOptions, EnqueueResult, MailOutbox } from '../queue/mail-outbox.js';

/**
 * Sends mail through the transport of one mailer. The default mailer's service is injected by type
 * (`constructor(private readonly mailer: MailerService)`); a named one with `@InjectMailer(name)`.
 *
 * Built by `MailerModule` (one instance per mailer), never by Nest's constructor injection, so the same
 * class serves every named mailer.
 *
 * `Templates` (optional) is the template map of the mailer's `templates`, so that a template name or a context
 * that does not fit is a compile error: `MailerService<TemplateContexts<typeof templates>>`.
 *
 * @example
 * await this.mailer.sendMail({ to: 'ann@example.com', subject: 'Welcome', text: 'Hello Ann' });
 * await this.mailer.sendMail({ to: 'ann@example.com', template: 'welcome', context: { name: 'Ann' } });
 * await this.mailer.enqueue({ to: 'ann@example.com', subject: 'Receipt', text: '...' }, { jobId: `receipt-${order.id}` });
 */
export class MailerService<Templates extends object | undefined = undefined> {
  constructor(
    /** The mailer's transport, shared with the `MAILER_TRANSPORT` provider. */
    readonly transport: MailTransport,
    /** The mailer's name (`'default'` when registered without one). */
    readonly name: string,
    /** The mailer's outbox, when it has the `queue` option. */
    readonly outbox: MailOutbox | null = null,
  ) {}

  /**
   * Checks and composes the message now (templates rendered, attachments read in) and stores it in the
   * mailer's outbox; resolves `{ jobId, messageId }` once Redis holds it. A worker sends it later, exactly once,
   * or parks it for review when its delivery is unknown. With a `jobId` already queued, queues nothing.
   * @throws SmtpError as `sendMail` for a bad message (nothing queued); EQUEUE when Redis is unreachable or slow;
   *   ECONFIG when the mailer has no `queue` option.
   */
  enqueue(message: MessageFor<Templates>, options?: EnqueueOptions): Promise<EnqueueResult> {
    if (!this.outbox) {
      return Promise.reject(new SmtpError('ECONFIG', `mailer "${this.name}": enqueue needs the queue option (MailerModule.forRoot({ ..., queue: { connection } }))`));
    }
    return this.outbox.enqueue(message, options);
  }

  /**
   * Sends a message, merged over the mailer's `defaults`.
   * @throws SmtpError with the code of the step that failed (`EENVELOPE`, `EAUTH`, `ECONNECTION`, ...).
   */
  sendMail(message: MessageFor<Templates>): Promise<SentMessageInfo> {
    return this.transport.sendMail(message);
  }

  /**
   * Connects, greets, authenticates and quits without sending a message.
   * @param options.signal aborts the check and closes its connection
   * @throws SmtpError with the code of the step that failed.
   */
  verify(options?: { signal?: AbortSignal }): Promise<true> {
    return this.transport.verify(options);
  }
}
