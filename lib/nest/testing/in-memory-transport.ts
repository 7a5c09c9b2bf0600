/** InMemoryTransport: the testing module's transport; composes each message fully and records it, no network. */
import type { MailDefaults } from '../../mime/message.interface.js';
import { resolveOptions } from '../../transport/options.js';
import { LocalTransport, type LocalDelivery } from '../../transport/local-transport.js';
import type { LocalMessage } from '../../transport/local-message.js';
import type { TemplateRenderer } from '../../transport/template-renderer.js';
import type { MailerTestingStore } from './mailer-testing.store.js';
import { toSentMail } from './sent-mail.js';

/**
 * The public surface of `SmtpTransport`, without a server: `sendMail` composes the message exactly as the real
 * transport would for a server offering neither 8BITMIME nor SMTPUTF8 (the strictest case), so bad input
 * fails here with the same `SmtpError` codes, then records it in the store.
 */
export class InMemoryTransport extends LocalTransport {
  constructor(
    private readonly store: MailerTestingStore,
    defaults?: MailDefaults,
    templates?: TemplateRenderer<object>,
  ) {
    // Engine defaults, as an untouched real transport would report them.
    super(resolveOptions(templates ? { templates } : {}), defaults);
  }

  protected async deliver(message: LocalMessage): Promise<LocalDelivery> {
    const { raw, read } = await message.readBack();
    this.store.record(toSentMail(raw, message, read));
    return { response: '250 2.0.0 Accepted (MailerTestingModule, in memory)', messageSize: raw.length };
  }
}
