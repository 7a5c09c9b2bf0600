/** InboxEvents: the inbox's Server-Sent Events stream, one store subscription shared by every open page. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CapturedMail, MailerDevStore } from '../mailer-dev-store.js';
import { summarize } from './inbox-views.js';

/** A comment line this often keeps idle proxies (and Node's own timeouts) from closing an open stream. */
const HEARTBEAT_INTERVAL_MS = 25_000;
/** How long a browser waits before reconnecting a dropped stream. */
const RECONNECT_DELAY_MS = 2_000;

/**
 * The open `GET <basePath>/events` streams of one inbox. It listens to the store only while at least one stream is
 * open, with one `message` and one `clear` listener whatever the number of pages: many open tabs never reach the
 * emitter's MaxListeners warning, and a closed stream leaves nothing behind.
 */
export class InboxEvents {
  private readonly clients = new Set<ServerResponse>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly store: MailerDevStore) {}

  /** How many streams are open. */
  get size(): number {
    return this.clients.size;
  }

  /** Starts a stream on `res`: `message` events carry the new message's list line, `clear` events `{}`. */
  open(req: IncomingMessage, res: ServerResponse): void {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // nginx buffers responses unless told otherwise; an event must reach the page when it happens.
    res.setHeader('X-Accel-Buffering', 'no');
    // HEAD asks for the headers only: a stream that never ends would hold the connection for nothing.
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    res.write(`retry: ${RECONNECT_DELAY_MS}\n: connected\n\n`);
    this.clients.add(res);
    if (this.clients.size === 1) this.subscribe();
    const close = (): void => this.drop(res);
    req.once('close', close);
    res.once('close', close);
  }

  /** Ends every open stream and stops listening to the store (on shutdown, so a server can close). */
  close(): void {
    for (const res of [...this.clients]) {
      this.drop(res);
      res.end();
    }
  }

  private drop(res: ServerResponse): void {
    if (!this.clients.delete(res)) return;
    if (this.clients.size === 0) this.unsubscribe();
  }

  private subscribe(): void {
    this.store.on('message', this.onMessage);
    this.store.on('clear', this.onClear);
    this.heartbeat = setInterval(() => this.broadcast(': heartbeat\n\n'), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  private unsubscribe(): void {
    this.store.off('message', this.onMessage);
    this.store.off('clear', this.onClear);
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  // Store listeners run inside sendMail and must not throw: writing to a closed socket only returns false.
  private readonly onMessage = (mail: CapturedMail): void => {
    this.broadcast(`event: message\nid: ${mail.id}\ndata: ${JSON.stringify(summarize(mail))}\n\n`);
  };

  private readonly onClear = (): void => {
    this.broadcast('event: clear\ndata: {}\n\n');
  };

  private broadcast(frame: string): void {
    for (const res of this.clients) if (!res.writableEnded && !res.destroyed) res.write(frame);
  }
}
