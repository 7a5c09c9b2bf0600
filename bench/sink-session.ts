/** One connection of the benchmark sink: a pipelining-aware SMTP server side that accepts and discards everything. */
import type { Socket } from 'node:net';

/** What the sink offers and how slowly it answers. */
export interface SinkConfig {
  /** Delay before every reply write, modelling a network round trip (0: answer at once). */
  latencyMs: number;
  /** EHLO keywords, each a full line after `250-`: `PIPELINING`, `CHUNKING`, `SIZE 209715200`, `8BITMIME`... */
  extensions: string[];
}

/**
 * Counters shared by every connection of one sink.
 *
 * `roundTrips` counts client turns: a read of client bytes that arrives after the sink wrote at least one reply
 * since its previous read (the greeting counts as a write). For a client that waits for replies before writing
 * again this is exactly the number of times it waited on the network. Reads split by TCP while the sink's reply is
 * still delayed are not counted twice.
 */
export interface SinkStats {
  connections: number;
  /** Messages accepted: a DATA body ended by CRLF.CRLF, or a `BDAT ... LAST` chunk read in full. */
  messages: number;
  roundTrips: number;
  /** Reply writes made (one per client read that produced replies, plus the greetings). */
  replyFlushes: number;
  reads: number;
  commands: number;
  recipients: number;
  /** Every byte the clients sent. */
  bytesReceived: number;
  /** Message content bytes (DATA bodies including the terminator, BDAT chunks). */
  contentBytes: number;
}

export function emptyStats(): SinkStats {
  return { connections: 0, messages: 0, roundTrips: 0, replyFlushes: 0, reads: 0, commands: 0, recipients: 0, bytesReceived: 0, contentBytes: 0 };
}

/** The DATA terminator (RFC 5321 §4.1.1.4): a line holding a single dot. */
const DATA_END = Buffer.from('\r\n.\r\n', 'latin1');
/** A command line this long without LF means the client is broken; drop it rather than buffer forever. */
const MAX_COMMAND_BYTES = 1024 * 1024;

type Mode = 'command' | 'data' | 'bdat';

/** Reads commands and content from one socket; replies to everything a read carried in one delayed write. */
export class SinkSession {
  private mode: Mode = 'command';
  private pending: Buffer = Buffer.alloc(0);
  /** Last bytes of DATA content, so a terminator split across reads is found. */
  private dataTail: Buffer = Buffer.alloc(0);
  private bdatRemaining = 0;
  private bdatLast = false;
  private replies: string[] = [];
  private wroteSinceRead = false;
  private quitting = false;

  constructor(
    private readonly socket: Socket,
    private readonly config: SinkConfig,
    private readonly stats: SinkStats,
  ) {
    stats.connections += 1;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    this.flush('220 sink.bench ESMTP ready\r\n');
  }

  private receive(chunk: Buffer): void {
    const stats = this.stats;
    stats.reads += 1;
    stats.bytesReceived += chunk.length;
    if (this.wroteSinceRead) {
      stats.roundTrips += 1;
      this.wroteSinceRead = false;
    }
    let input = chunk;
    if (this.pending.length > 0) {
      input = Buffer.concat([this.pending, chunk]);
      this.pending = Buffer.alloc(0);
    }
    let offset = 0;
    while (offset < input.length) {
      if (this.mode === 'command') offset = this.readCommand(input, offset);
      else if (this.mode === 'data') offset = this.readData(input, offset);
      else offset = this.readBdat(input, offset);
      if (offset < 0) break;
    }
    if (this.replies.length > 0) {
      const text = this.replies.join('');
      this.replies = [];
      this.flush(text);
    }
  }

  /** Returns the next offset, or -1 once the rest of the input is kept for the next read. */
  private readCommand(input: Buffer, offset: number): number {
    const lineEnd = input.indexOf(10, offset);
    if (lineEnd < 0) {
      if (input.length - offset > MAX_COMMAND_BYTES) this.socket.destroy();
      else this.pending = Buffer.from(input.subarray(offset));
      return -1;
    }
    const end = lineEnd > offset && input[lineEnd - 1] === 13 ? lineEnd - 1 : lineEnd;
    this.command(input.toString('latin1', offset, end));
    return lineEnd + 1;
  }

  private readData(input: Buffer, offset: number): number {
    // A terminator may start in the tail of the previous read: look across the seam first.
    const seam = Buffer.concat([this.dataTail, input.subarray(offset, offset + DATA_END.length - 1)]);
    const seamAt = seam.indexOf(DATA_END);
    let end = -1;
    if (seamAt >= 0) end = offset + seamAt + DATA_END.length - this.dataTail.length;
    else {
      const at = input.indexOf(DATA_END, offset);
      if (at >= 0) end = at + DATA_END.length;
    }
    if (end < 0) {
      this.stats.contentBytes += input.length - offset;
      const joined = Buffer.concat([this.dataTail, input.subarray(Math.max(offset, input.length - DATA_END.length))]);
      this.dataTail = Buffer.from(joined.subarray(Math.max(0, joined.length - (DATA_END.length - 1))));
      return input.length;
    }
    this.stats.contentBytes += end - offset;
    this.accept();
    return end;
  }

  private readBdat(input: Buffer, offset: number): number {
    const take = Math.min(this.bdatRemaining, input.length - offset);
    this.bdatRemaining -= take;
    this.stats.contentBytes += take;
    if (this.bdatRemaining === 0) {
      this.mode = 'command';
      if (this.bdatLast) this.accept();
      else this.replies.push('250 2.0.0 chunk received\r\n');
    }
    return offset + take;
  }

  private accept(): void {
    this.mode = 'command';
    this.stats.messages += 1;
    this.replies.push(`250 2.0.0 Ok: queued as ${this.stats.messages}\r\n`);
  }

  private command(line: string): void {
    this.stats.commands += 1;
    const verb = line.slice(0, 4).toUpperCase();
    switch (verb) {
      case 'EHLO':
        this.replies.push(this.ehloReply(line.slice(5)));
        return;
      case 'HELO':
      case 'RSET':
      case 'NOOP':
      case 'MAIL':
        this.replies.push('250 2.0.0 Ok\r\n');
        return;
      case 'RCPT':
        this.stats.recipients += 1;
        this.replies.push('250 2.1.5 Ok\r\n');
        return;
      case 'DATA':
        this.mode = 'data';
        // The CRLF that ended the DATA line also starts an empty body's terminator.
        this.dataTail = Buffer.from('\r\n', 'latin1');
        this.replies.push('354 End data with <CR><LF>.<CR><LF>\r\n');
        return;
      case 'BDAT':
        this.startBdat(line);
        return;
      case 'QUIT':
        this.quitting = true;
        this.replies.push('221 2.0.0 Bye\r\n');
        return;
      default:
        this.replies.push('502 5.5.2 Command not implemented\r\n');
    }
  }

  /** RFC 3030 §2: `BDAT <size> [LAST]`, followed by exactly size octets of content. */
  private startBdat(line: string): void {
    const [, size, last] = line.split(' ');
    const octets = Number(size);
    if (!Number.isInteger(octets) || octets < 0) {
      this.replies.push('501 5.5.4 Bad BDAT size\r\n');
      return;
    }
    this.bdatRemaining = octets;
    this.bdatLast = last?.toUpperCase() === 'LAST';
    this.mode = 'bdat';
    if (octets === 0) this.readBdat(Buffer.alloc(0), 0);
  }

  private ehloReply(name: string): string {
    const lines = [`sink.bench greets ${name}`, ...this.config.extensions];
    return lines.map((text, i) => `250${i === lines.length - 1 ? ' ' : '-'}${text}\r\n`).join('');
  }

  /** Writes replies after the configured latency; timers of equal delay fire in order, so replies stay ordered. */
  private flush(text: string): void {
    const quitting = this.quitting;
    const write = (): void => {
      if (this.socket.destroyed) return;
      this.stats.replyFlushes += 1;
      this.wroteSinceRead = true;
      if (quitting) this.socket.end(text);
      else this.socket.write(text);
    };
    if (this.config.latencyMs > 0) setTimeout(write, this.config.latencyMs);
    else write();
  }
}
