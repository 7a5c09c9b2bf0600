/**
 * A reference, not a contender: the least a client can do per message on this machine. It sends fixed,
 * pre-rendered message bytes as `MAIL`, `RCPT`, `BDAT <n> LAST` in one write and counts the replies, with no MIME
 * composition, no parsing beyond finding reply ends, and no checks. Its CPU per message is the floor (mostly the
 * kernel's cost of one loopback write and read) that any SMTP client pays here. Needs PIPELINING and CHUNKING.
 *
 * Like the transports it is compared with, it takes `maxConnections` (sessions, opened up front) and
 * `maxTransactionsInFlight` (transactions written on one session before the oldest is answered); a message waits
 * for a session with room, in arrival order.
 */
import { connect, type Socket } from 'node:net';
import type { BenchClient, ClientSettings } from './clients.js';

/** About the size of the small message the scenarios send, once composed. */
const BODY = Buffer.from(
  'From: Shop <orders@shop.example>\r\nTo: customer@example.com\r\nSubject: Your order has shipped\r\n' +
    'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n' +
    `${'Thank you for your order. Your parcel left our warehouse this morning.\r\n'.repeat(18)}`,
);

/** Resolves after `count` complete replies (a reply ends with a line whose fourth octet is a space). */
class ReplyCounter {
  private waiting: Array<{ remaining: number; resolve(): void }> = [];
  private partial = '';

  feed(chunk: Buffer): void {
    const text = this.partial + chunk.toString('latin1');
    const lines = text.split('\r\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line[3] !== ' ') continue;
      const head = this.waiting[0];
      if (!head) continue;
      head.remaining -= 1;
      if (head.remaining === 0) {
        this.waiting.shift();
        head.resolve();
      }
    }
  }

  expect(count: number): Promise<void> {
    return new Promise((resolve) => this.waiting.push({ remaining: count, resolve }));
  }
}

/** One session: greeting and EHLO done, then transactions written back to back up to its in-flight limit. */
class FloorSession {
  inFlight = 0;
  private readonly replies = new ReplyCounter();

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.replies.feed(chunk));
  }

  static async open(port: number): Promise<FloorSession> {
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    const session = new FloorSession(socket);
    await session.replies.expect(1);
    const ehlo = session.replies.expect(1);
    socket.write('EHLO client.bench\r\n');
    await ehlo;
    return session;
  }

  /** Writes one transaction and resolves when its three replies (MAIL, RCPT, BDAT) arrived. */
  transact(index: number): Promise<void> {
    this.inFlight += 1;
    const done = this.replies.expect(3);
    const head = `MAIL FROM:<orders@shop.example>\r\nRCPT TO:<customer${index}@example.com>\r\nBDAT ${BODY.length} LAST\r\n`;
    this.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), BODY]));
    return done.then(() => {
      this.inFlight -= 1;
    });
  }

  async quit(): Promise<void> {
    const bye = this.replies.expect(1);
    this.socket.write('QUIT\r\n');
    await bye;
    this.socket.destroy();
  }
}

/** Opens `maxConnections` sessions (greeting, EHLO) and returns a client that spreads messages over them. */
export async function createFloorClient(settings: ClientSettings): Promise<BenchClient> {
  const perSession = settings.maxTransactionsInFlight ?? 1;
  const sessions = await Promise.all(Array.from({ length: settings.maxConnections ?? 1 }, () => FloorSession.open(settings.port)));
  const waiting: Array<() => void> = [];
  let index = 0;
  const freeSession = (): FloorSession | undefined => sessions.find((session) => session.inFlight < perSession);
  const run = async (session: FloorSession): Promise<void> => {
    try {
      await session.transact(index++);
    } finally {
      // The session has room again: hand it to the oldest waiting message.
      waiting.shift()?.();
    }
  };
  return {
    async send() {
      let session = freeSession();
      while (!session) {
        await new Promise<void>((resolve) => waiting.push(resolve));
        session = freeSession();
      }
      await run(session);
    },
    async close() {
      await Promise.all(sessions.map((session) => session.quit()));
    },
  };
}
