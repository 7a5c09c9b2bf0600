/** MemoryTransport (`memory://`): keeps each composed message in a MailerDevStore, in the process. */
import type { MailDefaults } from '../mime/message.interface.js';
import type { LocalMessage } from '../transport/local-message.js';
import { LocalTransport, type LocalDelivery } from '../transport/local-transport.js';
import { resolveOptions } from '../transport/options.js';
import { sharedDevOptions, type MemoryTransportOptions } from './dev-options.js';
import { MailerDevStore } from './mailer-dev-store.js';

/**
 * A transport that sends nowhere: each message is composed and checked as for a real send, read back, and
 * kept in {@link MemoryTransport.store} for an inbox page or a test to read.
 */
export class MemoryTransport extends LocalTransport {
  /** Where the messages are kept. */
  readonly store: MailerDevStore;

  /** @throws SmtpError ECONFIG for a bad option (`max` not a positive integer, an option memory:// does not take). */
  constructor(options: MemoryTransportOptions, defaults?: MailDefaults) {
    super(resolveOptions(sharedDevOptions(options)), defaults);
    this.store = options.store ?? new MailerDevStore({ max: options.max });
  }

  protected async deliver(message: LocalMessage): Promise<LocalDelivery> {
    const { raw, read } = await message.readBack();
    const kept = this.store.add({
      ...read,
      envelope: { from: message.envelope.from, to: [...message.envelope.to] },
      messageId: message.messageId,
      date: new Date(),
      size: raw.length,
      raw,
    });
    this.log.debug(`message ${message.messageId || '(no Message-ID)'} kept in memory as ${kept.id}`);
    return { response: `250 2.0.0 Kept in memory as ${kept.id}`, messageSize: raw.length };
  }
}
