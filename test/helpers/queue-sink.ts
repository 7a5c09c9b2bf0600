/**
 * A real smtp-server for the outbox tests that records, for each accepted message, its raw bytes, its Message-ID
 * header and the moment its 250 was sent (performance.now() of the test process), so a test can count each
 * Message-ID and measure the rate messages arrived at.
 */
import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';

/** One accepted message. */
export interface SinkArrival {
  /** The Message-ID header as written, with its angle brackets; '' when the message had none. */
  messageId: string;
  raw: Buffer;
  /** The name the client gave in EHLO: which app instance sent it. */
  clientName: string;
  /** performance.now() when the server accepted it. */
  at: number;
}

export interface QueueSink {
  port: number;
  arrivals: SinkArrival[];
  /** Resolves once `count` messages arrived; rejects after `timeoutMs` saying how many did. */
  waitForArrivals(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** The Message-ID header of a raw message (unfolded), from its header block only. */
export function headerMessageId(raw: Buffer): string {
  const head = raw.toString('latin1', 0, Math.max(0, raw.indexOf('\r\n\r\n')) || raw.length).replace(/\r\n[ \t]+/g, ' ');
  return /^Message-ID:\s*(<[^>]*>)/im.exec(head)?.[1] ?? '';
}

/** Starts the sink on 127.0.0.1, port 0; `close()` it in afterEach. */
export async function startQueueSink(): Promise<QueueSink> {
  const arrivals: SinkArrival[] = [];
  const sockets = new Set<net.Socket>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        arrivals.push({ messageId: headerMessageId(raw), raw, clientName: session.hostNameAppearsAs, at: performance.now() });
        callback();
      });
    },
  });
  server.on('error', () => {});
  server.server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as net.AddressInfo).port,
    arrivals,
    async waitForArrivals(count, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (arrivals.length < count) {
        if (performance.now() > deadline) throw new Error(`the sink received ${arrivals.length} of ${count} messages within ${timeoutMs} ms`);
        await delay(20);
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
