/** startDevMailServer: the dev SMTP receiver and the web inbox over one MailerDevStore, as `nestjs-smtp inbox` runs them. */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createInboxHandler } from '../inbox/inbox-handler.js';
import { MailerDevStore } from '../mailer-dev-store.js';
import { checkAllowedHosts, createHostGuard } from './host-guard.js';
import { checkPort, formatHost, listen } from './listen.js';
import { DEFAULT_DEV_SMTP_PORT, startSmtpReceiver } from './smtp-receiver.js';
import type { SmtpReceiver } from './smtp-receiver.js';

/** The web inbox's port unless told otherwise (the one Mailpit and MailHog use). */
export const DEFAULT_DEV_HTTP_PORT = 8025;

/** Options of {@link startDevMailServer}. */
export interface DevMailServerOptions {
  /** SMTP port; `0` picks a free one. @defaultValue 1025 */
  smtpPort?: number;
  /** Web inbox port; `0` picks a free one. @defaultValue 8025 */
  httpPort?: number;
  /**
   * Address both servers listen on. Keep it on loopback: anyone who can reach the inbox reads every message.
   * @defaultValue '127.0.0.1'
   */
  host?: string;
  /** Messages kept, the oldest dropped first (ignored when `store` is given). @defaultValue 1000 */
  max?: number;
  /** Largest message the SMTP server takes. @defaultValue 26214400 (25 MiB) */
  maxMessageBytes?: number;
  /** A store to fill instead of a new one, e.g. one a `memory://` transport shares. */
  store?: MailerDevStore;
  /**
   * More names the web inbox answers to, each optionally with `:port` (without one, on any port): the name other
   * machines or a proxy use, e.g. `['devbox.local']`. It always answers its bound host, `localhost`, `127.0.0.1`
   * and `[::1]` on its own port, and refuses any other `Host` with 403, so that a page on another site cannot
   * read the inbox by re-pointing its DNS name at this machine (DNS rebinding). @defaultValue []
   */
  allowedHosts?: string[];
}

/** A running dev mail server. */
export interface DevMailServer {
  /** Where apps send: `smtp://127.0.0.1:1025`. */
  readonly smtpUrl: string;
  /** The web inbox: `http://127.0.0.1:8025/`. */
  readonly webUrl: string;
  /** The messages received so far. */
  readonly store: MailerDevStore;
  /**
   * Stops both servers: open inbox pages are disconnected, a message in flight gets up to a second to
   * finish. Resolves when both ports are free; calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/**
 * Starts a development mail server: an SMTP server that keeps every message it receives (see
 * {@link startSmtpReceiver}: no TLS, any AUTH accepted) and the web inbox over the same store, served at the
 * root of its own HTTP port, with live updates. What `npx nestjs-smtp inbox` runs. The inbox answers only
 * requests whose `Host` names it (see `allowedHosts`), 403 otherwise. Needs the `smtp-server` package (an
 * optional peer).
 * @throws SmtpError ECONFIG for a bad option, a port that cannot be bound (in use, privileged), or a missing
 *   `smtp-server` package; nothing is left listening.
 * @example
 * const server = await startDevMailServer({ smtpPort: 0, httpPort: 0 });
 * const transport = createTransport(server.smtpUrl);
 * await transport.sendMail({ from: 'app@example.com', to: 'ann@example.com', subject: 'Hi', text: 'Hello' });
 * console.log(`open ${server.webUrl}`); // server.store.list()[0].subject === 'Hi'
 */
export async function startDevMailServer(options: DevMailServerOptions = {}): Promise<DevMailServer> {
  const host = options.host ?? '127.0.0.1';
  const httpPort = checkPort(options.httpPort ?? DEFAULT_DEV_HTTP_PORT, 'httpPort');
  const smtpPort = checkPort(options.smtpPort ?? DEFAULT_DEV_SMTP_PORT, 'smtpPort');
  const allowedHosts = checkAllowedHosts(options.allowedHosts);
  const store = options.store ?? new MailerDevStore({ max: options.max });
  const receiver: SmtpReceiver = await startSmtpReceiver(store, {
    host,
    port: smtpPort,
    ...(options.maxMessageBytes !== undefined && { maxMessageBytes: options.maxMessageBytes }),
  });
  const inbox = createInboxHandler(store, { basePath: '/' });
  const isForThisServer = createHostGuard(host, allowedHosts);
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!isForThisServer(req, res)) return;
    void inbox(req, res).then((handled) => {
      // Unreachable with the inbox at the root, but a request must never hang.
      if (!handled) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    });
  });
  let boundHttpPort: number;
  try {
    boundHttpPort = await listen(http, host, httpPort, 'the dev inbox web server', 'HTTP port');
  } catch (err) {
    inbox.close();
    await receiver.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    // Live pages hold an event stream open: end them, or the HTTP server would wait for them forever.
    inbox.close();
    const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeAllConnections();
    await Promise.all([httpClosed, receiver.close()]);
  };
  return {
    smtpUrl: receiver.url,
    webUrl: `http://${formatHost(host)}:${boundHttpPort}/`,
    store,
    close: () => (closing ??= close()),
  };
}
