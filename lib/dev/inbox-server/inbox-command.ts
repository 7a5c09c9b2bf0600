/** The `nestjs-smtp inbox` command: reads its flags, starts the dev mail server, prints where it listens, stops on a signal. */
import { parseArgs } from 'node:util';
import { SmtpError } from '../../core/errors.js';
import { DEFAULT_DEV_STORE_MAX } from '../mailer-dev-store.js';
import { DEFAULT_DEV_HTTP_PORT, startDevMailServer } from './dev-mail-server.js';
import type { DevMailServer, DevMailServerOptions } from './dev-mail-server.js';
import { DEFAULT_DEV_SMTP_PORT } from './smtp-receiver.js';

/** What the command writes to and waits on; `lib/cli.ts` passes the process's own. */
export interface CliContext {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Starts listening for a stop request; resolves with the signal's name (`SIGINT`) when the user asks the server to stop. */
  waitForStop(): Promise<string>;
}

export const USAGE = `Usage: nestjs-smtp inbox [options]

A development mail server: point your app's mail at its SMTP URL and read every message in the web
inbox. Nothing is delivered anywhere; the newest messages are kept in memory.

Options:
  --smtp-port <port>  SMTP port; 0 picks a free one          (default ${DEFAULT_DEV_SMTP_PORT})
  --http-port <port>  web inbox port; 0 picks a free one     (default ${DEFAULT_DEV_HTTP_PORT})
  --host <address>    address both servers listen on         (default 127.0.0.1)
  --max <count>       messages kept, the oldest dropped first (default ${DEFAULT_DEV_STORE_MAX})
  --allow-host <name> another name the inbox answers to, e.g. devbox.local or
                      devbox.local:8025 (repeatable; it always answers its own
                      address, localhost, 127.0.0.1 and [::1] on its port)
  -h, --help          show this help

The SMTP server offers no TLS and needs no AUTH, but accepts any credentials, so an app configured
with a user and password works unchanged (smtp://user:pass@127.0.0.1:${DEFAULT_DEV_SMTP_PORT}).
The inbox refuses (403) a request for any other host name, so that a web page cannot read it
through DNS rebinding. Ctrl-C stops it.
`;

/** A bad flag: reported on one line, with no stack. */
class UsageError extends Error {}

/**
 * Runs `nestjs-smtp <argv>` and resolves its exit code: 0 after `--help`, or once a started server stopped
 * cleanly; 1 for a bad flag or a server that cannot start (one line on stderr, never a stack trace).
 */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  let parsed: { help: boolean; options: DevMailServerOptions };
  try {
    parsed = readArguments(argv);
  } catch (err) {
    context.stderr.write(`nestjs-smtp: ${describe(err)} (see nestjs-smtp --help)\n`);
    return 1;
  }
  if (parsed.help) {
    context.stdout.write(USAGE);
    return 0;
  }
  // Listen for the stop signal before anything is printed: whoever reads the URLs may signal at once.
  const stopped = context.waitForStop();
  let server: DevMailServer;
  try {
    server = await startDevMailServer(parsed.options);
  } catch (err) {
    context.stderr.write(`nestjs-smtp: ${describe(err)}\n`);
    return 1;
  }
  server.store.on('message', (mail) => {
    context.stdout.write(`received #${mail.id} from <${mail.envelope.from}> to ${mail.envelope.to.map((to) => `<${to}>`).join(', ')}: ${JSON.stringify(mail.subject ?? '')}\n`);
  });
  context.stdout.write(
    'nestjs-smtp dev mail server\n'
      + `  SMTP   ${server.smtpUrl}   (no TLS; AUTH optional, any credentials accepted)\n`
      + `  Inbox  ${server.webUrl}\n`
      + 'Press Ctrl-C to stop.\n',
  );
  const signal = await stopped;
  context.stdout.write(`${signal}: stopping\n`);
  await server.close();
  context.stdout.write('stopped\n');
  return 0;
}

function readArguments(argv: string[]): { help: boolean; options: DevMailServerOptions } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'smtp-port': { type: 'string' },
      'http-port': { type: 'string' },
      host: { type: 'string' },
      max: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true, options: {} };
  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError('no command given; the command is "inbox" (nestjs-smtp inbox)');
  if (command !== 'inbox') throw new UsageError(`unknown command "${command}"; the command is "inbox"`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const options: DevMailServerOptions = {};
  if (values['smtp-port'] !== undefined) options.smtpPort = readInteger('--smtp-port', values['smtp-port'], 0, 65535);
  if (values['http-port'] !== undefined) options.httpPort = readInteger('--http-port', values['http-port'], 0, 65535);
  if (values.max !== undefined) options.max = readInteger('--max', values.max, 1, Number.MAX_SAFE_INTEGER);
  if (values.host !== undefined) {
    if (values.host.trim() === '') throw new UsageError('--host must not be empty');
    options.host = values.host;
  }
  if (values['allow-host'] !== undefined) options.allowedHosts = values['allow-host'];
  return { help: false, options };
}

function readInteger(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    const range = flag === '--max' ? 'a whole number of at least 1' : 'a TCP port from 0 to 65535 (0 picks a free one)';
    throw new UsageError(`${flag} must be ${range}, not "${text}"`);
  }
  return value;
}

/** One line for the user: our own messages as they are, Node's parse errors without their advice paragraph. */
function describe(err: unknown): string {
  if (err instanceof UsageError || err instanceof SmtpError) return err.message;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  // util.parseArgs: "Unknown option '--x'. To specify a positional argument starting with a '-', ..."
  if (code.startsWith('ERR_PARSE_ARGS_')) {
    const first = message.split('. ')[0];
    return first.charAt(0).toLowerCase() + first.slice(1);
  }
  return message;
}
