/** The dev SMTP receiver: an smtp-server on a local port that keeps every message it receives in a MailerDevStore. */
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { SmtpError } from '../../core/errors.js';
import type { MailerDevStore } from '../mailer-dev-store.js';
import { checkPort, formatHost, listen } from './listen.js';
import { loadSmtpServer } from './load-smtp-server.js';

/** The SMTP port a dev mail server listens on unless told otherwise (the one Mailpit and MailHog use). */
export const DEFAULT_DEV_SMTP_PORT = 1025;

/** The largest message the receiver takes unless told otherwise: 25 MiB, a common provider limit. */
export const DEFAULT_DEV_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/**
 * How long `close()` lets a client finish the message it is sending before the receiver answers
 * `421` and drops it. A pooled client's idle connection would otherwise hold the close for smtp-server's 30 s.
 */
const CLOSE_GRACE_MS = 1000;

/** Options of {@link startSmtpReceiver}. */
export interface SmtpReceiverOptions {
  /** Address to listen on. Keep it on loopback: anyone who can connect can fill the inbox. @defaultValue '127.0.0.1' */
  host?: string;
  /** Port to listen on; `0` picks a free one. @defaultValue 1025 */
  port?: number;
  /** Largest message accepted (advertised with `SIZE`, refused with `552` past it). @defaultValue 26214400 (25 MiB) */
  maxMessageBytes?: number;
  /** Hears errors of single connections (a client that drops mid-dialogue); they never stop the receiver. */
  onError?: (err: Error) => void;
}

/** A running receiver. */
export interface SmtpReceiver {
  /** Where apps send: `smtp://127.0.0.1:1025`, with the bound port. */
  readonly url: string;
  /** The bound port (the real one when `0` was asked). */
  readonly port: number;
  /**
   * Stops listening, lets a message in flight finish for up to a second, then drops what is left; resolves
   * when the port is free. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/**
 * Starts an SMTP server for development that keeps each message it receives in `store` (`store.addRaw`).
 * It offers no STARTTLS (a throwaway server has no certificate worth trusting, and the engine verifies
 * certificates) and requires no AUTH, but accepts AUTH PLAIN, LOGIN, CRAM-MD5 and XOAUTH2 with any
 * credentials, so an app configured with a user and password works against it unchanged. Needs the
 * `smtp-server` package (an optional peer).
 * @throws SmtpError ECONFIG for a bad port or size, a port that cannot be bound (in use, privileged), or a
 *   missing `smtp-server` package (`npm i -D smtp-server`).
 * @example
 * const store = new MailerDevStore();
 * const receiver = await startSmtpReceiver(store, { port: 0 });
 * const transport = createTransport(receiver.url);
 */
export async function startSmtpReceiver(store: MailerDevStore, options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const host = options.host ?? '127.0.0.1';
  const port = checkPort(options.port ?? DEFAULT_DEV_SMTP_PORT, 'port');
  const maxMessageBytes = checkSize(options.maxMessageBytes ?? DEFAULT_DEV_MAX_MESSAGE_BYTES);
  const onError = options.onError ?? (() => undefined);
  const { SMTPServer } = await loadSmtpServer();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    // No TLS is offered, so AUTH has to be allowed in the clear; the credentials are never checked or kept.
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'],
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'dev' }),
    size: maxMessageBytes,
    // No network lookups: a dev server must work offline and answer at once.
    disableReverseLookup: true,
    closeTimeout: CLOSE_GRACE_MS,
    logger: false,
    onData: (stream, session, callback) => {
      receive(stream, session, maxMessageBytes).then(
        ({ raw, envelope }) => {
          store.addRaw(raw, envelope);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  server.on('error', onError);
  const boundPort = await listen(server.server, host, port, 'the dev SMTP server', 'SMTP port');
  let closing: Promise<void> | undefined;
  return {
    url: `smtp://${formatHost(host)}:${boundPort}`,
    port: boundPort,
    close: () => (closing ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}

/** Reads one message's bytes; past the limit it keeps reading (the client is still sending) but keeps nothing. */
async function receive(stream: SMTPServerDataStream, session: SMTPServerSession, maxMessageBytes: number): Promise<{ raw: Buffer; envelope: { from: string; to: string[] } }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxMessageBytes) chunks.push(chunk);
  }
  if (stream.sizeExceeded || size > maxMessageBytes) {
    // RFC 5321 §4.5.3.1.10 and RFC 1870: 552 for a message over the advertised size.
    throw Object.assign(new Error(`message exceeds the fixed maximum message size (${maxMessageBytes} bytes)`), { responseCode: 552 });
  }
  const mailFrom = session.envelope.mailFrom;
  return {
    raw: Buffer.concat(chunks, size),
    envelope: { from: mailFrom ? mailFrom.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address) },
  };
}

function checkSize(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new SmtpError('ECONFIG', `invalid option maxMessageBytes: expected a positive integer, got ${String(value)}`);
  }
  return value;
}
