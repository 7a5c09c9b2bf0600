/**
 * One connection of the arrival sink: accepts every message like the bench sink, and records when each message's
 * 250 was written together with its `X-Bench-Key` header. It can hold back the 250 of one chosen message: the
 * body and its final dot arrived, no reply is ever written, so the client is left waiting (the crash window).
 */
import type { Socket } from 'node:net';

/** The header the queue scenarios put on every message: its index, the same on every attempt. */
export const BENCH_KEY_HEADER = 'X-Bench-Key';

/** One accepted message. `at` is epoch milliseconds (performance.timeOrigin + now), comparable across processes. */
export interface Arrival {
  key: string;
  at: number;
}

/** What the session reports to its server. */
export interface ArrivalListener {
  accepted(arrival: Arrival): void;
  /** The held message's final dot arrived; `clientPort` is the client's local port of this connection. */
  held(key: string, clientPort: number): void;
}

/** Bytes of a message's start kept to find the key header: the header block of the bench messages fits well. */
const HEAD_BYTES = 4096;
const DATA_END = Buffer.from('\r\n.\r\n', 'latin1');
const KEY_PATTERN = new RegExp(`\\r\\n${BENCH_KEY_HEADER}: *([^\\r\\n]+)\\r\\n`, 'i');

type Mode = 'command' | 'data' | 'bdat' | 'held';

/** Reads one client's commands and content; answers everything one read carried in one write, at once. */
export class ArrivalSession {
  private mode: Mode = 'command';
  private pending = Buffer.alloc(0);
  /** The first bytes of the current message, with a CRLF in front so the first header line matches too. */
  private head = Buffer.from('\r\n', 'latin1');
  private dataTail = Buffer.alloc(0);
  private bdatRemaining = 0;
  private bdatLast = false;
  private replies: string[] = [];
  private quitting = false;

  constructor(
    private readonly socket: Socket,
    private readonly extensions: string[],
    private readonly holdKey: () => string | undefined,
    private readonly listener: ArrivalListener,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.write('220 sink.bench ESMTP ready\r\n');
  }

  private receive(chunk: Buffer): void {
    if (this.mode === 'held') return;
    const input = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    let offset = 0;
    while (offset >= 0 && offset < input.length && !this.isHeld()) {
      if (this.mode === 'command') offset = this.readCommand(input, offset);
      else if (this.mode === 'data') offset = this.readData(input, offset);
      else offset = this.readBdat(input, offset);
    }
    if (this.replies.length > 0 && !this.socket.destroyed) this.socket.write(this.replies.join(''));
    this.replies = [];
    if (this.quitting) this.socket.end();
  }

  private isHeld(): boolean {
    return this.mode === 'held';
  }

  private readCommand(input: Buffer, offset: number): number {
    const lineEnd = input.indexOf(10, offset);
    if (lineEnd < 0) {
      this.pending = Buffer.from(input.subarray(offset));
      return -1;
    }
    const end = lineEnd > offset && input[lineEnd - 1] === 13 ? lineEnd - 1 : lineEnd;
    this.command(input.toString('latin1', offset, end));
    return lineEnd + 1;
  }

  private keep(content: Buffer): void {
    if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, content.subarray(0, HEAD_BYTES - this.head.length)]);
  }

  private readData(input: Buffer, offset: number): number {
    // A terminator may straddle two reads: look across the seam first.
    const seam = Buffer.concat([this.dataTail, input.subarray(offset, offset + DATA_END.length - 1)]);
    const seamAt = seam.indexOf(DATA_END);
    let end = -1;
    if (seamAt >= 0) end = offset + seamAt + DATA_END.length - this.dataTail.length;
    else {
      const at = input.indexOf(DATA_END, offset);
      if (at >= 0) end = at + DATA_END.length;
    }
    if (end < 0) {
      this.keep(input.subarray(offset));
      const joined = Buffer.concat([this.dataTail, input.subarray(Math.max(offset, input.length - DATA_END.length))]);
      this.dataTail = Buffer.from(joined.subarray(Math.max(0, joined.length - (DATA_END.length - 1))));
      return input.length;
    }
    this.keep(input.subarray(offset, end));
    this.accept();
    return end;
  }

  private readBdat(input: Buffer, offset: number): number {
    const take = Math.min(this.bdatRemaining, input.length - offset);
    this.keep(input.subarray(offset, offset + take));
    this.bdatRemaining -= take;
    if (this.bdatRemaining === 0) {
      this.mode = 'command';
      if (this.bdatLast) this.accept();
      else this.replies.push('250 2.0.0 chunk received\r\n');
    }
    return offset + take;
  }

  /** The message is complete: reply 250 and record it, or hold it and tell the server. */
  private accept(): void {
    const key = KEY_PATTERN.exec(this.head.toString('latin1'))?.[1] ?? '';
    this.head = Buffer.from('\r\n', 'latin1');
    this.mode = 'command';
    if (key !== '' && key === this.holdKey()) {
      // Replies already queued from this read (say an earlier pipelined transaction's) still go out; from here on
      // the client hears nothing more on this connection.
      this.mode = 'held';
      if (this.replies.length > 0) this.socket.write(this.replies.join(''));
      this.replies = [];
      this.listener.held(key, this.socket.remotePort ?? 0);
      this.listener.accepted({ key, at: performance.timeOrigin + performance.now() });
      return;
    }
    this.replies.push('250 2.0.0 Ok: queued\r\n');
    this.listener.accepted({ key, at: performance.timeOrigin + performance.now() });
  }

  private command(line: string): void {
    const verb = line.slice(0, 4).toUpperCase();
    if (verb === 'EHLO') {
      const lines = ['sink.bench', ...this.extensions];
      this.replies.push(lines.map((text, i) => `250${i === lines.length - 1 ? ' ' : '-'}${text}\r\n`).join(''));
    } else if (verb === 'DATA') {
      this.mode = 'data';
      this.dataTail = Buffer.from('\r\n', 'latin1');
      this.replies.push('354 End data with <CR><LF>.<CR><LF>\r\n');
    } else if (verb === 'BDAT') {
      // RFC 3030 §2: BDAT <size> [LAST], then exactly size octets.
      const [, size, last] = line.split(' ');
      this.bdatRemaining = Number(size);
      this.bdatLast = last?.toUpperCase() === 'LAST';
      this.mode = 'bdat';
      if (this.bdatRemaining === 0) this.readBdat(Buffer.alloc(0), 0);
    } else if (verb === 'QUIT') {
      this.replies.push('221 2.0.0 Bye\r\n');
      this.quitting = true;
    } else if (['HELO', 'RSET', 'NOOP', 'MAIL', 'RCPT'].includes(verb)) this.replies.push('250 2.0.0 Ok\r\n');
    else this.replies.push('502 5.5.2 Command not implemented\r\n');
  }
}
