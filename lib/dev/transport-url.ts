/** Transport URLs of every scheme (`smtp:`, `smtps:`, `memory:`, `file:`, `log:`) to plain options. */
import { fileURLToPath } from 'node:url';
import { isAbsolute } from 'node:path';
import { SmtpError } from '../core/errors.js';
import type { SmtpOptions } from '../transport/options.js';
import { parseConnectionUrl, parseUrlQuery } from '../transport/url.js';
import type { DevTransportOptions } from './dev-options.js';

/** Options for `createMailTransport`: SMTP options, or a dev transport's options told apart by `type`. */
export type MailTransportOptions = SmtpOptions | DevTransportOptions;

const SCHEMES = 'smtp:, smtps:, memory:, file:, log:';

function invalid(why: string): never {
  throw new SmtpError('ECONFIG', `invalid transport URL: ${why}`);
}

/** `memory://` and `log://` name nothing: a host or path there is a typo, not something to ignore. */
function checkNothingNamed(url: URL, scheme: string): void {
  if (url.host || (url.pathname !== '' && url.pathname !== '/')) {
    invalid(`${scheme}// takes no host or path, only query options (${scheme}//?redirectTo=qa@example.com)`);
  }
}

function folderOf(url: URL): string {
  if (url.host) invalid(`file:// needs an absolute folder, three slashes for a local one: file:///var/mail/out (got host ${JSON.stringify(url.host)})`);
  let dir: string;
  try {
    dir = fileURLToPath(url);
  } catch (err) {
    return invalid(`file:// folder cannot be read from the URL: ${(err as Error).message}`);
  }
  if (!dir || dir === '/' || !isAbsolute(dir)) invalid('file:// needs an absolute folder other than the root: file:///var/mail/out');
  // A trailing slash is harmless but would show in every file path reported.
  return dir.length > 1 ? dir.replace(/[\\/]+$/, '') : dir;
}

/**
 * Parses a transport URL. `smtp://` and `smtps://` give SMTP options (see `createTransport`); `memory://`,
 * `file:///absolute/folder` and `log://` give a dev transport's options. Query parameters set options of the same
 * name, as for SMTP (`memory://?max=50&redirectTo=qa@example.com`). The result is checked when the transport is made.
 * @throws SmtpError ECONFIG for an unparseable URL, an unknown protocol, or a `file:` URL without an absolute folder.
 */
export function parseTransportUrl(url: string): MailTransportOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return invalid(`cannot be parsed (expected one of ${SCHEMES}, e.g. memory:// or smtps://mail.example.com)`);
  }
  switch (parsed.protocol) {
    case 'smtp:':
    case 'smtps:':
      return parseConnectionUrl(url) as SmtpOptions;
    case 'memory:':
    case 'log:': {
      checkNothingNamed(parsed, parsed.protocol);
      const type = parsed.protocol === 'memory:' ? 'memory' : 'log';
      return { ...parseUrlQuery(parsed.searchParams), type } as DevTransportOptions;
    }
    case 'file:': {
      const dir = folderOf(parsed);
      return { ...parseUrlQuery(parsed.searchParams), type: 'file', dir } as DevTransportOptions;
    }
    default:
      return invalid(`unknown protocol ${JSON.stringify(parsed.protocol)} (${SCHEMES})`);
  }
}
