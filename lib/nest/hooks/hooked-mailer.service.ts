/** HookedMailerService: the MailerService a module provides, which runs the mailer's hooks around each send and enqueue. */
import type { EnqueueOptions, EnqueueResult, MailOutbox } from '../../queue/mail-outbox.js';
import type { MailTransport, SentMessageInfo } from '../../transport/mail-transport.js';
import type { MessageFor, SendableMessage } from '../../transport/template-renderer.js';
import { MailerService } from '../mailer.service.js';
import type { MailerSendHooks } from './mailer-send-hooks.js';

/** @internal What `enqueue` hands a message to when the mailer has no outbox: `MailerTestingModule`'s in-memory queue. */
export interface EnqueueStandIn {
  enqueue(message: SendableMessage, options?: EnqueueOptions): Promise<EnqueueResult>;
}

/**
 * @internal A `MailerService` (so `instanceof` and every injection site are unchanged) whose `sendMail` and
 * `enqueue` go through the mailer's hooks and events. A subclass rather than a constructor argument keeps the
 * hooks runner out of `MailerService`'s public signature.
 */
export class HookedMailerService<Templates extends object | undefined = undefined> extends MailerService<Templates> {
  constructor(
    transport: MailTransport,
    name: string,
    private readonly hooks: MailerSendHooks,
    outbox: MailOutbox | null = null,
    private readonly standIn: EnqueueStandIn | null = null,
  ) {
    super(transport, name, outbox);
  }

  /**
   * Sends a message, merged over the mailer's `defaults`, with the mailer's `hooks` around it.
   * @throws SmtpError with the code of the step that failed, or what a `beforeSend` hook threw to refuse the message.
   */
  override sendMail(message: MessageFor<Templates>): Promise<SentMessageInfo> {
    return this.hooks.send(this.transport, message);
  }

  /**
   * Runs `beforeSend` here, before the message is checked and composed, then queues what it returned. The outcome
   * hooks run later, where a worker sends the job.
   * @throws SmtpError as `MailerService.enqueue`, or what `beforeSend` threw to refuse the message (nothing queued).
   */
  override async enqueue(message: MessageFor<Templates>, options?: EnqueueOptions): Promise<EnqueueResult> {
    const queue = this.outbox ?? this.standIn;
    // No outbox: the ECONFIG of MailerService, before any hook runs.
    if (!queue) return super.enqueue(message, options);
    return queue.enqueue(await this.hooks.beforeEnqueue(message), options);
  }
}
