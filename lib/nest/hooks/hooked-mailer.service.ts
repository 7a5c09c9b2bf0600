/** HookedMailerService: the MailerService a module provides, which runs the mailer's hooks around each send. */
import type { MailOutbox } from '../../queue/mail-outbox.js';
import type { MailTransport, SentMessageInfo } from '../../transport/mail-transport.js';
import type { MessageFor } from '../../transport/template-renderer.js';
import { MailerService } from '../mailer.service.js';
import type { MailerSendHooks } from './mailer-send-hooks.js';

/**
 * @internal A `MailerService` (so `instanceof` and every injection site are unchanged) whose `sendMail` goes
 * through the mailer's hooks and events. A subclass rather than a constructor argument keeps the hooks runner out
 * of `MailerService`'s public signature.
 */
export class HookedMailerService<Templates extends object | undefined = undefined> extends MailerService<Templates> {
  constructor(
    transport: MailTransport,
    name: string,
    private readonly hooks: MailerSendHooks,
    outbox: MailOutbox | null = null,
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
}
