/**
 * An ESMTP server on 127.0.0.1:0 that accepts messages, counts what it accepted per Message-ID, and plays the
 * faults of a {@link FaultSource} (a seeded FaultPlan): dropped connections, 421/451/452/554, stalls, replies split byte by byte and
 * surplus replies. PIPELINING always; CHUNKING when asked. Built for long soaks: no per-byte recording.
 */
import net from 'node:net';
import { once } from 'node:events';
import type { Fault, FaultPhase, FaultSource } from './fault-plan.js';
import { PeerClosedError } from './byte-reader.js';
import { SocketReader } from './socket-reader.js';

export interface FaultServerOptions {
  plan: FaultSource;
  /** Offer CHUNKING (RFC 3030) besides PIPELINING. */
  chunking: boolean;
  /**
   * Maps an envelope sender to a message number in [0, capacity): the soak writes its message number
   * into the sender, so each MAIL FROM can be counted against its message.
   */
  messageNumber(sender: string): number | undefined;
  /** How many message numbers there are (the counters are allocated once, up front). */
  capacity: number;
}

/** What the server saw, per message number. */
export interface FaultServerCounts {
  /** MAIL FROM commands per message (transactions the client started for it). */
  mailCommands: Uint16Array;
  /** Final `250` replies per message: how many times the server accepted it. */
  accepted: Uint16Array;
  /** Final `250` replies the server wrote although the message's Message-ID header did not match its sender. */
  mismatchedIds: number;
  connections: number;
  faults: Record<string, number>;
}

export interface FaultServer {
  host: '127.0.0.1';
  port: number;
  counts: FaultServerCounts;
  close(): Promise<void>;
}

const CRLF = Buffer.from('\r\n');
const END_OF_DATA = Buffer.from('\r\n.\r\n');
const MESSAGE_ID = /^Message-ID:\s*<([^>\r\n]*)>/im;

/** Starts the server. Every connection plays the plan; counters are shared. */
export async function startFaultServer(options: FaultServerOptions): Promise<FaultServer> {
  const counts: FaultServerCounts = {
    mailCommands: new Uint16Array(options.capacity),
    accepted: new Uint16Array(options.capacity),
    mismatchedIds: 0,
    connections: 0,
    faults: {},
  };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const session = new FaultSession(socket, counts.connections, options, counts);
    counts.connections += 1;
    session.run().catch(() => socket.destroy());
  });
  server.on('error', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    host: '127.0.0.1',
    port: (server.address() as net.AddressInfo).port,
    counts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Raised inside a session when the peer went away or the session ended itself; ends the loop quietly. */
class SessionOver extends Error {}

/** The transaction in progress on a connection. */
interface Transaction {
  /** Message number from the sender, or -1 for a sender the soak did not make. */
  message: number;
  key: string;
  recipients: number;
  /** RCPT commands seen, accepted or not: each has its own fault decision. */
  rcptCommands: number;
  /** BDAT chunks received so far. */
  parts: Buffer[];
}

/** One connection: a plain ESMTP dialogue, with the plan's faults at each command. */
class FaultSession {
  private readonly reader: SocketReader;
  private transaction?: Transaction;
  /** Per-connection command counts, for keys of commands outside a transaction. */
  private readonly verbCounts = new Map<string, number>();

  constructor(
    private readonly socket: net.Socket,
    private readonly index: number,
    private readonly options: FaultServerOptions,
    private readonly counts: FaultServerCounts,
  ) {
    this.reader = new SocketReader(socket);
  }

  async run(): Promise<void> {
    try {
      await this.respond('greeting', `conn${this.index}`, '220 fault.test ESMTP soak');
      for (;;) await this.command(await this.reader.readLine());
    } catch (err) {
      if (!(err instanceof SessionOver || err instanceof PeerClosedError)) throw err;
    }
  }

  private async command(line: string): Promise<void> {
    const verb = (line.split(' ', 1)[0] ?? '').toUpperCase();
    const nth = (this.verbCounts.get(verb) ?? 0) + 1;
    this.verbCounts.set(verb, nth);
    const connKey = `conn${this.index}|${verb}#${nth}`;
    switch (verb) {
      case 'EHLO': {
        const keywords = ['fault.test', 'PIPELINING', '8BITMIME', ...(this.options.chunking ? ['CHUNKING'] : [])];
        await this.respond('ehlo', connKey, keywords.map((k, i) => `250${i === keywords.length - 1 ? ' ' : '-'}${k}`).join('\r\n'));
        return;
      }
      case 'HELO':
        await this.respond('ehlo', connKey, '250 fault.test');
        return;
      case 'MAIL':
        return this.mail(line, connKey);
      case 'RCPT':
        return this.rcpt();
      case 'DATA':
        return this.data();
      case 'BDAT':
        return this.bdat(line);
      case 'RSET':
        this.transaction = undefined;
        await this.respond('rset', connKey, '250 2.0.0 reset');
        return;
      case 'NOOP':
        return this.send('250 2.0.0 OK');
      case 'QUIT':
        await this.send('221 2.0.0 bye');
        this.socket.end();
        throw new SessionOver('quit');
      default:
        return this.send('502 5.5.2 command not recognized');
    }
  }

  private async mail(line: string, connKey: string): Promise<void> {
    if (this.transaction) return this.send('503 5.5.1 nested MAIL command');
    const sender = /^MAIL FROM:<([^>]*)>/i.exec(line)?.[1] ?? '';
    const message = this.options.messageNumber(sender) ?? -1;
    let key = connKey;
    if (message >= 0) {
      const attempt = this.counts.mailCommands[message]++;
      key = `m${message}|a${attempt}`;
    }
    if (await this.respond('mail', key, '250 2.1.0 sender OK')) this.transaction = { message, key, recipients: 0, rcptCommands: 0, parts: [] };
  }

  private async rcpt(): Promise<void> {
    const transaction = this.transaction;
    if (!transaction) return this.send('503 5.5.1 MAIL first');
    const key = `${transaction.key}|rcpt${transaction.rcptCommands++}`;
    if (await this.respond('rcpt', key, '250 2.1.5 recipient OK')) transaction.recipients += 1;
  }

  private async data(): Promise<void> {
    const transaction = this.transaction;
    if (!transaction || transaction.recipients === 0) return this.send(transaction ? '554 5.5.1 no valid recipients' : '503 5.5.1 MAIL first');
    if (!(await this.respond('data', `${transaction.key}|data`, '354 end with <CRLF>.<CRLF>'))) return;
    await this.maybeDropMidBody(transaction.key);
    // The content starts right after the DATA line, so an empty body is just ".\r\n".
    const body = await this.readDataBody();
    this.transaction = undefined;
    await this.finish(transaction, body);
  }

  /** DATA content up to the terminating CRLF.CRLF; the body keeps its own last CRLF. */
  private async readDataBody(): Promise<Buffer> {
    // The DATA line's CRLF is the first half of the terminator of an empty body (".\r\n" alone).
    this.reader.unshift(CRLF);
    const framed = await this.reader.readUntil(END_OF_DATA);
    return framed.subarray(CRLF.length, framed.length - 3);
  }

  private async bdat(line: string): Promise<void> {
    const [, sizeText = '', lastWord = ''] = line.split(' ');
    const size = Number(sizeText);
    const isLast = lastWord.toUpperCase() === 'LAST';
    if (!/^\d+$/.test(sizeText)) return this.send('501 5.5.4 BDAT needs a size');
    const transaction = this.transaction;
    if (transaction) await this.maybeDropMidBody(`${transaction.key}|bdat`, size);
    // RFC 3030 §2: the chunk is read whatever the reply to it will be.
    const chunk = await this.reader.readBytes(size);
    if (!transaction || transaction.recipients === 0) {
      this.transaction = undefined;
      return this.send(transaction ? '554 5.5.1 no valid recipients' : '503 5.5.1 MAIL first');
    }
    const parts = transaction.parts;
    parts.push(chunk);
    if (!isLast) {
      const n = parts.length;
      if (!(await this.respond('bdat', `${transaction.key}|bdat${n}`, `250 2.0.0 ${size} octets received`))) this.transaction = undefined;
      return;
    }
    this.transaction = undefined;
    await this.finish(transaction, Buffer.concat(parts));
  }

  /** The reply to the final dot or last BDAT: the message is accepted when its 250 goes out. */
  private async finish(transaction: Transaction, body: Buffer): Promise<void> {
    await this.respond('end', `${transaction.key}|end`, '250 2.0.0 queued', () => this.accept(transaction, body));
  }

  private accept(transaction: Transaction, body: Buffer): void {
    if (transaction.message < 0) return;
    this.counts.accepted[transaction.message] += 1;
    const header = body.subarray(0, Math.min(body.length, 4096)).toString('latin1');
    const id = MESSAGE_ID.exec(header)?.[1];
    if (id === undefined || this.options.messageNumber(id) !== transaction.message) this.counts.mismatchedIds += 1;
  }

  /** Plays a mid-body drop: waits for the first content bytes (with BDAT, for part of the chunk), then closes. */
  private async maybeDropMidBody(key: string, chunkSize?: number): Promise<void> {
    const fault = this.options.plan.faultFor('body', key);
    if (!fault) return;
    this.count('body', fault);
    if (chunkSize === undefined || chunkSize > 1) await this.reader.waitForData();
    this.socket.destroy();
    throw new SessionOver('dropped mid-body');
  }

  /**
   * Sends `reply` to a command, or plays the plan's fault for it. `onAccepted` runs when a 2xx reply goes out.
   * Resolves whether the normal reply was sent (false after a refusal); throws SessionOver when the session ended.
   */
  private async respond(phase: FaultPhase, key: string, reply: string, onAccepted?: () => void): Promise<boolean> {
    const fault = this.options.plan.faultFor(phase, key);
    if (!fault) {
      onAccepted?.();
      await this.send(reply);
      return true;
    }
    this.count(phase, fault);
    return this.play(fault, reply, onAccepted);
  }

  private async play(fault: Fault, reply: string, onAccepted?: () => void): Promise<boolean> {
    switch (fault.kind) {
      case 'drop':
        this.socket.destroy();
        throw new SessionOver('dropped');
      case 'stall':
        // Keep reading (so the client's writes do not block) and never answer again.
        this.socket.resume();
        await once(this.socket, 'close');
        throw new SessionOver('stalled');
      case 'reply': {
        const text = `${fault.code} ${fault.code === 554 ? '5.3.0' : '4.3.0'} fault injected`;
        await this.send(text);
        if (fault.code === 421) {
          this.socket.end();
          throw new SessionOver('closing channel');
        }
        return false;
      }
      case 'split':
        onAccepted?.();
        for (const byte of Buffer.from(`${reply}\r\n`)) await this.write(Buffer.from([byte]));
        return true;
      case 'surplus':
        onAccepted?.();
        await this.send(`${reply}\r\n250 2.0.0 surplus reply`);
        return true;
      case 'drop-after-reply':
        onAccepted?.();
        await this.send(reply);
        this.socket.destroy();
        throw new SessionOver('dropped after reply');
    }
  }

  private count(phase: FaultPhase, fault: Fault): void {
    const name = `${phase}:${fault.kind}${fault.kind === 'reply' ? fault.code : ''}`;
    this.counts.faults[name] = (this.counts.faults[name] ?? 0) + 1;
  }

  private send(text: string): Promise<void> {
    return this.write(Buffer.from(`${text}\r\n`));
  }

  private write(data: Buffer): Promise<void> {
    if (this.socket.destroyed || !this.socket.writable) return Promise.reject(new SessionOver('peer gone'));
    return new Promise((resolve, reject) => {
      this.socket.write(data, (err) => (err ? reject(new SessionOver('write failed')) : resolve()));
    });
  }
}
