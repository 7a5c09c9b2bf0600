/** LogTransport (`log://`): one summary line per message at info level, the whole message at debug. */
import { SmtpError } from '../core/errors.js';
import type { MailDefaults } from '../mime/message.interface.js';
import type { LocalMessage } from '../transport/local-message.js';
import { LocalTransport, type LocalDelivery } from '../transport/local-transport.js';
import { resolveOptions } from '../transport/options.js';
import { sharedDevOptions, type LogTransportOptions } from './dev-options.js';

/** A header value on one line, quoted, with line breaks and controls escaped so one message is one log line. */
function quoted(value: string | undefined): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

/**
 * A transport that logs each message, composed and checked as for a real send: the `logger` gets
 * `message <id> from <envelope sender> to <envelope recipients> subject "<subject>" (<size> bytes)` at info
 * (`log` on a Nest logger) and the whole message at debug. Without a `logger`, it logs to the console.
 */
export class LogTransport extends LocalTransport {
  /** @throws SmtpError ECONFIG with `logger: false` (nothing would be logged) or for a bad option. */
  constructor(options: LogTransportOptions, defaults?: MailDefaults) {
    if (options.logger === false) throw new SmtpError('ECONFIG', 'invalid option logger: log:// needs a logger (leave it unset for the console)');
    super(resolveOptions({ ...sharedDevOptions(options), logger: options.logger ?? true }), defaults);
  }

  protected async deliver(message: LocalMessage): Promise<LocalDelivery> {
    const { raw, read } = await message.readBack();
    const id = message.messageId || '(no Message-ID)';
    const from = message.envelope.from || '<>';
    this.log.info(`message ${id} from ${from} to ${message.envelope.to.join(', ')} subject ${quoted(read.subject)} (${raw.length} bytes)`);
    this.log.debug(`message ${id}:\n${raw.toString('utf8')}`);
    return { response: '250 2.0.0 Logged', messageSize: raw.length };
  }
}
