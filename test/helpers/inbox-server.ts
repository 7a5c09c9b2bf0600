/** Test helper: the dev inbox handler on a real http server (127.0.0.1, port 0), and an SSE reader for it. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMailTransport } from '../../lib/dev/create-mail-transport.js';
import { createInboxHandler, type InboxHandler, type InboxHandlerOptions } from '../../lib/dev/inbox/inbox-handler.js';
import type { MailerDevStore } from '../../lib/dev/mailer-dev-store.js';
import type { MemoryTransport } from '../../lib/dev/memory-transport.js';

export interface InboxServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  transport: MemoryTransport;
  store: MailerDevStore;
  inbox: InboxHandler;
  /** Requests the handler let through (answered 418 by the fallback). */
  fellThrough: string[];
  close(): Promise<void>;
}

/** Starts a memory transport, the inbox over its store, and a server that answers 418 for what the inbox declines. */
export async function startInboxServer(options?: InboxHandlerOptions, wrap?: (req: http.IncomingMessage) => void): Promise<InboxServer> {
  const transport = createMailTransport({ type: 'memory' }, { from: 'App <app@example.com>' });
  const inbox = createInboxHandler(transport.store, options);
  const fellThrough: string[] = [];
  const server = http.createServer((req, res) => {
    wrap?.(req);
    void inbox(req, res).then((handled) => {
      if (handled) return;
      fellThrough.push(req.url ?? '');
      res.statusCode = 418;
      res.end('fell through');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    transport,
    store: transport.store,
    inbox,
    fellThrough,
    close: async () => {
      inbox.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await transport.close();
    },
  };
}

/** One Server-Sent Event as received. */
export interface ServerEvent {
  event: string;
  data: string;
  id?: string;
}

export interface EventReader {
  events: ServerEvent[];
  /** Resolves with the first event (already received or to come) that `predicate` accepts; rejects after `timeoutMs`. */
  next(predicate: (event: ServerEvent) => boolean, timeoutMs?: number): Promise<ServerEvent>;
  /** Resolves when the server ends the stream (or the connection closes). */
  ended: Promise<void>;
  /** The response's headers. */
  headers: http.IncomingHttpHeaders;
  /** Aborts the request, as a closed browser tab does. */
  close(): void;
}

/** Opens `url` as an event stream and parses what arrives (RFC-less but per the HTML spec's SSE format). */
export function readEvents(url: string): Promise<EventReader> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream' } }, (res) => {
      const events: ServerEvent[] = [];
      const waiters: Array<() => void> = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: ServerEvent = { event: 'message', data: '' };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) { event.data += line.slice(6); hasData = true; }
            else if (line.startsWith('id: ')) event.id = line.slice(4);
          }
          if (hasData) events.push(event);
        }
        for (const wake of waiters.splice(0)) wake();
      });
      res.on('error', () => undefined);
      const ended = new Promise<void>((done) => res.once('close', done));
      resolve({
        ended,
        events,
        headers: res.headers,
        next: (predicate, timeoutMs = 5000) =>
          new Promise<ServerEvent>((found, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`)), timeoutMs);
            const check = (): void => {
              const match = events.find(predicate);
              if (match) {
                clearTimeout(timer);
                found(match);
              } else {
                waiters.push(check);
              }
            };
            check();
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET' && err.message !== 'socket hang up') reject(err);
    });
  });
}

/** Polls `condition` until it holds or `timeoutMs` passes. */
export async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
