/** createMailTransport: one URL or options object picks SMTP or a dev transport (memory, file, log). */
import { SmtpError } from '../core/errors.js';
import type { MailDefaults } from '../mime/message.interface.js';
import type { MailTransport } from '../transport/mail-transport.js';
import type { SmtpOptions } from '../transport/options.js';
import { createTransport, type SmtpTransport } from '../transport/transport.js';
import type { FileTransportOptions, LogTransportOptions, MemoryTransportOptions } from './dev-options.js';
import { FileTransport } from './file-transport.js';
import { LogTransport } from './log-transport.js';
import { MemoryTransport } from './memory-transport.js';
import type { MailerDevStore } from './mailer-dev-store.js';
import { parseTransportUrl, type MailTransportOptions } from './transport-url.js';

/**
 * Creates the transport a URL or options object names, so one setting (`MAIL_URL`) moves an app between
 * environments: `smtp://` / `smtps://` (or SMTP options) send for real; `memory://` keeps messages in the
 * process, `file:///folder` writes `.eml` files, `log://` logs them. Every kind composes, checks and applies
 * `defaults`, `redirectTo` and `allowRecipients` the same way, and resolves the same `SentMessageInfo`.
 * @throws SmtpError ECONFIG at once for a bad URL, scheme or option, or a `file:` folder that is missing or not writable.
 * @example
 * const transport = createMailTransport(process.env.MAIL_URL ?? 'memory://', { from: 'app@example.com' });
 */
export function createMailTransport(options: MemoryTransportOptions, defaults?: MailDefaults): MemoryTransport;
export function createMailTransport(options: FileTransportOptions, defaults?: MailDefaults): FileTransport;
export function createMailTransport(options: LogTransportOptions, defaults?: MailDefaults): LogTransport;
export function createMailTransport(options: SmtpOptions, defaults?: MailDefaults): SmtpTransport;
export function createMailTransport(options: string | MailTransportOptions, defaults?: MailDefaults): MailTransport;
export function createMailTransport(input: string | MailTransportOptions, defaults?: MailDefaults): MailTransport {
  const options = typeof input === 'string' ? parseTransportUrl(input) : input;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SmtpError('ECONFIG', 'invalid option options: expected an object or a transport URL');
  }
  if (!('type' in options) || options.type === undefined) return createTransport(options as SmtpOptions, defaults);
  switch (options.type) {
    case 'memory':
      return new MemoryTransport(options, defaults);
    case 'file':
      return new FileTransport(options, defaults);
    case 'log':
      return new LogTransport(options, defaults);
    default:
      throw new SmtpError('ECONFIG', `invalid option type: ${JSON.stringify((options as { type: unknown }).type)} (memory, file or log; leave it out for SMTP)`);
  }
}

/** The store of a `memory://` transport; undefined for any other kind. */
export function getDevStore(transport: MailTransport): MailerDevStore | undefined {
  return transport instanceof MemoryTransport ? transport.store : undefined;
}
