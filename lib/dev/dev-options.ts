/** The options of the dev transports (`memory`, `file`, `log`): their own, plus those they share with SMTP. */
import { SmtpError } from '../core/errors.js';
import type { SmtpOptions } from '../transport/options.js';
import type { MailerDevStore } from './mailer-dev-store.js';

/** Options every dev transport takes, with the same meaning as on an SMTP transport. */
export type SharedDevOptions = Pick<
  SmtpOptions,
  'logger' | 'debug' | 'disableFileAccess' | 'disableUrlAccess' | 'dkim' | 'redirectTo' | 'allowRecipients' | 'templates'
>;

/** SMTP transport options that mean the same on a dev transport; any other SMTP option is refused there. */
const SHARED_OPTIONS: ReadonlyArray<keyof SharedDevOptions> = ['logger', 'debug', 'disableFileAccess', 'disableUrlAccess', 'dkim', 'redirectTo', 'allowRecipients', 'templates'];

/** `memory://`: messages kept in the process, in a {@link MailerDevStore}. */
export interface MemoryTransportOptions extends SharedDevOptions {
  /** Keeps messages in the process. */
  type: 'memory';
  /** How many messages the store keeps (the oldest go first). Ignored when `store` is given. @defaultValue 1000 */
  max?: number;
  /** A store to keep messages in, e.g. one shared by several mailers. @defaultValue a new store */
  store?: MailerDevStore;
}

/** `file:///absolute/folder`: each message written to the folder as an `.eml` file. */
export interface FileTransportOptions extends SharedDevOptions {
  /** Writes `.eml` files. */
  type: 'file';
  /** An absolute path to an existing, writable folder. */
  dir: string;
}

/** `log://`: a summary line per message at info level, the whole message at debug. */
export interface LogTransportOptions extends SharedDevOptions {
  /** Logs each message. */
  type: 'log';
}

/** The options of one dev transport, told apart by `type`. */
export type DevTransportOptions = MemoryTransportOptions | FileTransportOptions | LogTransportOptions;

/** Options of the transport itself, besides the shared ones. */
const OWN_OPTIONS: Record<DevTransportOptions['type'], readonly string[]> = {
  memory: ['max', 'store'],
  file: ['dir'],
  log: [],
};

/**
 * The shared options of a dev transport's options, for `resolveOptions`; any name that is neither shared nor
 * the transport's own is refused, so that a typo or an SMTP-only option (`host`, `pool`) is not silently ignored.
 * @throws SmtpError ECONFIG naming the option.
 */
export function sharedDevOptions(options: DevTransportOptions): SharedDevOptions {
  const own = OWN_OPTIONS[options.type];
  const shared: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'type' || own.includes(key)) continue;
    if (!(SHARED_OPTIONS as readonly string[]).includes(key)) {
      throw new SmtpError('ECONFIG', `invalid option ${key}: ${options.type}:// takes ${[...own, ...SHARED_OPTIONS].join(', ')}`);
    }
    shared[key] = value;
  }
  return shared as SharedDevOptions;
}
