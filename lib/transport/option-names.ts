/** Which transport option names exist, which nodemailer ones we do not have (and what to use instead), and near misses. */
import { SmtpError } from '../core/errors.js';


const SMTP_ONLY = 'nestjs-smtp speaks SMTP only: point host and port at an SMTP server (a local MTA listens on localhost:25)';
const COMPOSE_ONLY = 'to get a message without sending it, use composeMessage() from nestjs-smtp/engine (in Nest tests, MailerTestingModule)';
const OWN_SOCKET = 'connecting over a socket you opened is not supported; use proxy for an HTTP or SOCKS proxy, or lookup to resolve host yourself';

/**
 * Options of nodemailer's transports that nestjs-smtp does not have, each with what to do instead. Like every
 * option they are refused, but with this advice, unless their value asks for nothing (`undefined` or `false`).
 */
export const UNSUPPORTED_OPTIONS: Readonly<Record<string, string>> = {
  service: "set host, port and secure of the provider (for example Gmail: host 'smtp.gmail.com', port 465, secure: true)",
  url: "pass the connection URL itself in place of the options object, e.g. createTransport('smtps://user:pass@smtp.example.com')",
  secureConnection: 'use secure: true for TLS from the first byte (port 465)',
  servername: 'set tls.servername',
  secured: OWN_SOCKET,
  socket: OWN_SOCKET,
  connection: OWN_SOCKET,
  getSocket: OWN_SOCKET,
  opportunisticTLS: 'STARTTLS is used whenever the server offers it, and a failed upgrade is an ETLS error rather than a fall back to plaintext; set ignoreTLS: true to skip STARTTLS',
  lmtp: 'LMTP is not supported; send to the server\'s SMTP port',
  transactionLog: 'set debug: true to log the SMTP dialogue (secrets and message content redacted)',
  forceAuth: 'when auth is set it is always sent, whether or not the server advertises AUTH; remove forceAuth',
  component: 'give a logger that carries its own context (a child logger, or a Nest Logger with a context)',
  socketCloseTimeout: 'QUIT waits at most 5 s (less when socketTimeout is shorter) before the socket is closed',
  maxResponseSize: 'server replies are bounded at 8 KiB a line and 32 KiB or 100 lines a reply',
  allowInternalNetworkInterfaces: 'name resolution needs no network interface check; use lookup to resolve host yourself',
  maxRequeues: 'a pooled message is retried once, on a new connection, when its connection failed before the message was sent; there is no setting',
  idleTimeout: 'an idle pooled connection is closed with QUIT after socketTimeout, or when the server closes it',
  sendmail: SMTP_ONLY,
  path: SMTP_ONLY,
  args: SMTP_ONLY,
  direct: 'sending straight to the recipients\' MX hosts is not supported; relay through an SMTP server',
  newline: 'messages are always sent with CRLF line ends, as SMTP requires',
  streamTransport: COMPOSE_ONLY,
  buffer: COMPOSE_ONLY,
  jsonTransport: COMPOSE_ONLY,
  skipEncoding: COMPOSE_ONLY,
  SES: "use the provider's SMTP interface (Amazon SES: host email-smtp.<region>.amazonaws.com, port 587, SMTP credentials in auth)",
  normalizeHeaderKey: 'header names are sent as you spell them in headers',
  maxRecipients: 'not supported; check the recipient count before sending',
  attachDataUrls: 'put images as attachments with a cid and reference them as cid: in the html',
  transport: "that is a MailerModule option: pass the transport's own options here",
  defaults: 'message defaults are the second argument of createTransport (in MailerModule, its defaults option)',
};

/** Message fields: set on a transport they are a mistake with an obvious fix. */
const MESSAGE_FIELDS = new Set([
  'from', 'sender', 'to', 'cc', 'bcc', 'replyTo', 'inReplyTo', 'references', 'subject', 'text', 'html', 'attachments',
  'alternatives', 'icalEvent', 'headers', 'list', 'envelope', 'messageId', 'date', 'priority', 'textEncoding', 'dsn', 'raw',
]);

/** Edit distance within which an unknown name is taken for a misspelt known one. */
const MAX_SUGGESTION_DISTANCE = 2;

/**
 * Refuses option names not in `known` (the names `SmtpOptions` has).
 * @throws SmtpError ECONFIG naming the first unknown option, with the option meant when it is a near miss, or
 *   what to use instead when it is a nodemailer option nestjs-smtp does not have.
 */
export function checkOptionNames(options: object, known: readonly string[]): void {
  for (const [name, value] of Object.entries(options)) {
    if (known.includes(name)) continue;
    const instead = Object.hasOwn(UNSUPPORTED_OPTIONS, name) ? UNSUPPORTED_OPTIONS[name] : undefined;
    if (instead !== undefined) {
      // `secureConnection: false` or `service: undefined` asks for what happens anyway.
      if (value === undefined || value === false) continue;
      throw new SmtpError('ECONFIG', `unsupported option '${name}' (a nodemailer option nestjs-smtp does not have): ${instead}`);
    }
    if (MESSAGE_FIELDS.has(name)) {
      throw new SmtpError('ECONFIG', `unknown option '${name}': it is a message field; put it in the message, or in the defaults (createTransport's second argument, MailerModule's defaults)`);
    }
    const meant = suggestOption(name, known);
    throw new SmtpError('ECONFIG', `unknown option '${name}'${meant ? `; did you mean '${meant}'?` : ''}`);
  }
}

/** The known option closest to `name` (case-insensitive) within two edits, if any. */
export function suggestOption(name: string, known: readonly string[]): string | undefined {
  let best: { option: string; distance: number } | undefined;
  for (const option of known) {
    const distance = editDistance(name.toLowerCase(), option.toLowerCase());
    if (distance <= MAX_SUGGESTION_DISTANCE && (!best || distance < best.distance)) best = { option, distance };
  }
  return best?.option;
}

/** Levenshtein distance: insertions, deletions and substitutions, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
