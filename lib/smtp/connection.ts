/** One SMTP dialogue on one socket: the phase, writing commands, pairing each reply with its command. */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { SmtpError, type SmtpPhase } from '../core/errors.js';
import { ReplyParser, type SmtpReply } from './reply-parser.js';
import { assertCommandSafe } from './commands.js';
import { redactCommand, type EngineLog } from './logger.js';
import { NO_CAPABILITIES, type Capabilities } from './capabilities.js';
import { closingChannelError } from './reply-errors.js';

/** A connection's phase: where in the dialogue it is, or one of the idle and final states. */
export type ConnectionPhase = SmtpPhase | 'ready' | 'closing' | 'closed';

/** Up to this size, commands and data are copied into one buffer for one write rather than written vectored. */
const SINGLE_WRITE_MAX_BYTES = 64 * 1024;

/** A command written to the server whose reply has not arrived yet. */
interface PendingReply {
  resolve(reply: SmtpReply): void;
  reject(err: SmtpError): void;
}

/** A command to write, with how it may appear in logs and errors. */
export interface CommandLine {
  line: string;
  /** Credentials or tokens: logged and reported only as a size. */
  secret?: boolean;
}

/** What a connection tells its owners: it failed (with why), and it is closed for good. */
export interface SmtpConnectionEvents {
  failed: [error: SmtpError];
  close: [];
}

export interface ConnectionTimeouts {
  greetingTimeoutMs: number;
  socketTimeoutMs: number;
}

/**
 * The wire half of a connection: owns the socket, the reply parser and the FIFO of commands awaiting
 * replies. Protocol steps (handshake, transaction) are written on top of it. Once it fails it is closed
 * for good: a broken connection is never reused.
 */
export class SmtpConnection extends EventEmitter<SmtpConnectionEvents> {
  #phase: ConnectionPhase = 'dns';
  #capabilities: Capabilities = NO_CAPABILITIES;
  #secure = false;
  #needsReset = false;
  #activeTransactions = 0;
  #concurrency = 1;
  #failure?: SmtpError;
  /** QUIT was sent: whatever ends the connection now is the close we asked for, not a failure to report. */
  #quitting = false;
  /** Callers of afterNextReply, told when the next reply has been handed over or the connection ends. */
  #replyWaiters: Array<() => void> = [];
  /** Work to abort when the connection fails: one per transaction in flight, however many (not event listeners). */
  readonly #failureHooks = new Set<(error: SmtpError) => void>();
  /** Someone holds the write side (see acquireWriter). */
  #isWriterHeld = false;
  /** Waiting for the write side, in arrival order. */
  #writerWaiters: Array<() => void> = [];

  private socket?: Socket | TLSSocket;
  private readonly parser = new ReplyParser();
  private pending: PendingReply[] = [];
  private readonly onData = (chunk: Buffer): void => this.receive(chunk);
  private readonly onClose = (): void => this.handleClose();
  private readonly onError = (err: Error): void => this.handleSocketError(err);
  private readonly onTimeout = (): void => this.handleTimeout();

  constructor(
    readonly host: string,
    readonly log: EngineLog,
    readonly timeouts: ConnectionTimeouts,
  ) {
    super();
  }

  /** Where in the dialogue the connection is. */
  get phase(): ConnectionPhase {
    return this.#phase;
  }

  /** What the server advertised in its last EHLO reply (none before EHLO, or after STARTTLS until the next). */
  get capabilities(): Capabilities {
    return this.#capabilities;
  }

  /** Whether TLS is up (implicit or after STARTTLS). */
  get secure(): boolean {
    return this.#secure;
  }

  /** The previous transaction failed or was aborted, so RSET must go first (RFC 5321 §4.1.1.5). */
  get needsReset(): boolean {
    return this.#needsReset;
  }

  /** Transactions running now (more than one only with maxTransactionsInFlight). */
  get activeTransactions(): number {
    return this.#activeTransactions;
  }

  /** Replies awaited for commands already written. */
  get awaitedReplies(): number {
    return this.pending.length;
  }

  /** How many transactions may run at once on this connection. */
  get concurrency(): number {
    return this.#concurrency;
  }

  /** Why the connection failed, once it has. */
  get failure(): SmtpError | undefined {
    return this.#failure;
  }

  /** Records the server's EHLO capabilities; call after each EHLO (HELO leaves none). */
  setCapabilities(capabilities: Capabilities): void {
    this.#capabilities = capabilities;
  }

  /** Forgets capabilities before STARTTLS: what the server said in plaintext must not count after it (RFC 3207 §4.2). */
  forgetCapabilities(): void {
    this.#capabilities = NO_CAPABILITIES;
  }

  /** Sets how many transactions may be in flight at once; call after EHLO, once the extensions are known. */
  setConcurrency(transactions: number): void {
    this.#concurrency = Math.max(1, transactions);
  }

  /** The current transaction did not complete: the next one starts with RSET. */
  markNeedsReset(): void {
    this.#needsReset = true;
  }

  /** RSET was answered: the server holds no transaction state. */
  markReset(): void {
    this.#needsReset = false;
  }

  get isOpen(): boolean {
    return this.socket !== undefined && this.failure === undefined && this.phase !== 'closed' && this.phase !== 'closing';
  }

  get remoteAddress(): string | undefined {
    return this.socket?.remoteAddress;
  }

  /** Moves to a new phase; a closed connection stays closed. */
  setPhase(phase: ConnectionPhase): void {
    if (this.#phase === 'closed') return;
    this.#phase = phase;
  }

  /** Counts a transaction in; the connection is busy (its phase is `mail`) until every one has ended. */
  beginTransaction(): void {
    this.#activeTransactions += 1;
    this.setPhase('mail');
  }

  endTransaction(): void {
    this.#activeTransactions -= 1;
    if (this.activeTransactions === 0 && this.isOpen) this.setPhase('ready');
  }

  /**
   * Waits for exclusive use of the write side; resolves a release function (calling it again does nothing).
   * Transactions that write in several pieces (DATA, multi-chunk BDAT) hold it so that no other transaction's
   * commands interleave.
   */
  acquireWriter(): Promise<() => void> {
    if (!this.#isWriterHeld) {
      this.#isWriterHeld = true;
      return Promise.resolve(this.writerRelease());
    }
    return new Promise((resolve) => this.#writerWaiters.push(() => resolve(this.writerRelease())));
  }

  /** A release for one hold of the write side: hands it to the next waiter in order, or frees it; once only. */
  private writerRelease(): () => void {
    let isHeld = true;
    return () => {
      if (!isHeld) return;
      isHeld = false;
      const next = this.#writerWaiters.shift();
      if (next) next();
      else this.#isWriterHeld = false;
    };
  }

  /**
   * Calls `hook` if the connection fails (also after QUIT, unlike the `failed` event); returns the function that
   * removes it. Transactions use it to end a read from a stalled source, any number of them at once.
   */
  onFailure(hook: (error: SmtpError) => void): () => void {
    this.#failureHooks.add(hook);
    return () => this.#failureHooks.delete(hook);
  }

  /** @throws SmtpError the connection's failure, once it has failed (or was aborted). */
  assertUsable(): void {
    if (this.failure) throw this.failure;
  }

  /**
   * Takes ownership of a connected socket (plain, TLS, or tunnelled) and starts reading replies.
   * @throws SmtpError when the connection failed meanwhile; the socket is then closed.
   */
  attach(socket: Socket | TLSSocket, secure: boolean): void {
    if (this.failure) {
      socket.destroy();
      throw this.failure;
    }
    this.socket = socket;
    this.#secure = secure;
    socket.on('data', this.onData);
    socket.on('close', this.onClose);
    socket.on('error', this.onError);
    socket.on('timeout', this.onTimeout);
    socket.setTimeout(this.timeouts.socketTimeoutMs);
    socket.setNoDelay(true);
  }

  /**
   * Releases the socket for a TLS upgrade: listeners removed and every byte read so far dropped, so nothing the
   * server sent before the handshake can be read after it (RFC 3207 §4.2; STARTTLS injection).
   */
  detachForUpgrade(): Socket {
    // A reply injected after the 220 has already failed the connection (unsolicited reply): stop here.
    if (this.failure) throw this.failure;
    const socket = this.socket as Socket;
    socket.off('data', this.onData);
    socket.off('close', this.onClose);
    socket.off('error', this.onError);
    socket.off('timeout', this.onTimeout);
    socket.setTimeout(0);
    this.parser.reset();
    this.socket = undefined;
    // Errors during the handshake are reported by the upgrade itself; this keeps a late one from going unhandled.
    socket.on('error', () => undefined);
    return socket;
  }

  /** Waits for a reply to no command: the greeting. */
  awaitGreeting(): Promise<SmtpReply> {
    const reply = this.expectReply();
    const timer = setTimeout(() => {
      this.fail(new SmtpError('ETIMEDOUT', `no greeting from ${this.host} within ${this.timeouts.greetingTimeoutMs} ms`));
    }, this.timeouts.greetingTimeoutMs);
    return reply.finally(() => clearTimeout(timer));
  }

  /** Writes one command and resolves its reply. */
  send(command: CommandLine | string): Promise<SmtpReply> {
    return this.sendBatch([typeof command === 'string' ? { line: command } : command])[0];
  }

  /**
   * Writes several commands in one write (RFC 2920 pipelining) and returns one promise per reply, in order.
   * Each promise is already handled, so an early failure leaves no unhandled rejections behind.
   * @param trailer bytes written in the same write after the commands (a BDAT chunk, in parts)
   */
  sendBatch(commands: CommandLine[], trailer?: Buffer[]): Promise<SmtpReply>[] {
    return this.writeBatch(commands, trailer).replies;
  }

  /**
   * sendBatch, also telling whether the bytes were handed to the socket: a transaction whose last content went
   * out may have been delivered, whatever happens next.
   */
  writeBatch(commands: CommandLine[], trailer?: Buffer[]): { replies: Promise<SmtpReply>[]; written: boolean } {
    const lines = commands.map(({ line }) => {
      assertCommandSafe(line);
      return `${line}\r\n`;
    });
    // Nothing to write to (before attach, during a TLS upgrade): a caller bug, but its replies must still settle.
    if (!this.failure && !this.socket) this.fail(new SmtpError('ESOCKET', `no socket to write to ${this.host}`));
    if (this.failure) {
      const failure = this.failure;
      return { replies: commands.map(() => handled(Promise.reject(failure))), written: false };
    }
    const socket = this.socket as Socket;
    const replies = commands.map(() => this.expectReply());
    if (this.log.dialogue) {
      for (const { line, secret } of commands) this.log.debug(`C: ${redactCommand(line, secret === true)}`);
      if (trailer) this.log.debug(`C: <message data ${trailer.reduce((sum, part) => sum + part.length, 0)} bytes>`);
    }
    this.writeCommands(socket, lines, trailer);
    return { replies, written: true };
  }

  private writeCommands(socket: Socket, lines: string[], trailer: Buffer[] | undefined): void {
    if (!trailer || trailer.length === 0) {
      socket.write(lines.join(''));
      return;
    }
    const trailerBytes = trailer.reduce((sum, part) => sum + part.length, 0);
    if (trailerBytes <= SINGLE_WRITE_MAX_BYTES) {
      // A small message: one copy into one buffer is cheaper than a vectored write; the commands are encoded
      // straight into it.
      const head = lines.join('');
      const headBytes = Buffer.byteLength(head, 'utf8');
      const out = Buffer.allocUnsafe(headBytes + trailerBytes);
      let offset = out.write(head, 0, 'utf8');
      for (const part of trailer) offset += part.copy(out, offset);
      socket.write(out);
      return;
    }
    // cork/uncork turns the command and its data into one vectored write, without copying the data.
    socket.cork();
    socket.write(lines.join(''));
    for (const part of trailer) socket.write(part);
    socket.uncork();
  }

  /**
   * Writes body bytes, honouring backpressure: resolves when the socket can take more.
   * @param onWritten called once the bytes were handed to the socket (before waiting for `drain`)
   * @throws SmtpError when the connection fails or closes while waiting.
   */
  async writeData(chunk: Buffer, onWritten?: () => void): Promise<void> {
    if (this.failure) throw this.failure;
    const socket = this.socket;
    if (!socket) {
      this.fail(new SmtpError('ESOCKET', `no socket to write to ${this.host}`));
      throw this.failure;
    }
    const flushed = socket.write(chunk);
    onWritten?.();
    if (flushed) return;
    await new Promise<void>((resolve, reject) => {
      const cleanup = (): void => {
        socket.off('drain', onDrain);
        this.off('failed', onEnded);
        this.off('close', onEnded);
      };
      const onDrain = (): void => {
        cleanup();
        resolve();
      };
      // A connection destroyed with no reply pending emits 'close' without 'failed': the write must settle too.
      const onEnded = (): void => {
        cleanup();
        reject(this.failure ?? new SmtpError('ESOCKET', `connection to ${this.host} closed while writing`, { phase: this.currentPhase() }));
      };
      socket.on('drain', onDrain);
      this.on('failed', onEnded);
      this.on('close', onEnded);
    });
  }

  /**
   * Registers a reply expected for something already written (a BDAT chunk, the final dot). The promise is
   * already handled: a caller that stops early (its write failed) leaves no unhandled rejection behind.
   */
  expectReply(): Promise<SmtpReply> {
    if (this.failure) return handled(Promise.reject(this.failure));
    return handled(new Promise((resolve, reject) => this.pending.push({ resolve, reject })));
  }

  /**
   * Resolves once the next reply has been handed to its command and the code awaiting it had its turn (or the
   * connection ended); after one turn of the event loop when no reply is awaited. A pipelined transaction holds
   * its acceptance until then, so that a reply stream found out of step by that next reply does not leave it
   * reported accepted on a reply that was not its own. With nothing awaited the turn still counts: a reply the
   * server has already sent (the one a surplus reply displaced) is read in that turn's I/O phase, before
   * `setImmediate` runs, and fails the connection as a reply nobody awaits, so the message is reported uncertain.
   */
  afterNextReply(): Promise<void> {
    return new Promise((resolve) => {
      const settle = (): void => void setImmediate(resolve);
      if (this.pending.length === 0 || this.phase === 'closed') settle();
      else this.#replyWaiters.push(settle);
    });
  }

  /**
   * Sends QUIT and closes, without waiting long: a server that does not answer, or closes without 221, is
   * simply dropped. Nothing that happens from here on is reported as a failure (RFC 5321 §4.1.1.10).
   */
  async quit(): Promise<void> {
    if (!this.isOpen) return this.destroy();
    this.#quitting = true;
    this.setPhase('quit');
    const reply = this.send('QUIT').catch(() => undefined);
    const timer = setTimeout(() => this.destroy(), Math.min(this.timeouts.socketTimeoutMs, 5_000));
    await reply;
    clearTimeout(timer);
    this.setPhase('closing');
    this.socket?.end();
    this.destroy();
  }

  /**
   * Closes the socket at once; pending replies reject with ESOCKET, and the connection stays failed so that
   * nothing is written to it again. `failed` is emitted only when a reply was still awaited.
   */
  destroy(): void {
    if (this.phase === 'closed') return;
    const closed = new SmtpError('ESOCKET', `connection to ${this.host} closed locally`, { phase: this.currentPhase() });
    if (this.pending.length > 0) this.fail(closed);
    this.#failure ??= closed;
    this.setPhase('closed');
    this.socket?.destroy();
    this.wakeReplyWaiters();
    this.emit('close');
  }

  /**
   * Marks the connection broken with `err`: every pending reply rejects with it, the socket is destroyed.
   * The error gets the current phase when it has none; transactions add their own phase and delivery.
   * After QUIT, nothing is reported as `failed`: the connection was being closed anyway.
   */
  fail(err: SmtpError): void {
    if (this.#failure) return;
    const failure = err.phase === undefined ? err.with({ phase: this.currentPhase() }) : err;
    this.#failure = failure;
    this.log.debug(`connection to ${this.host} failed: ${failure.code} ${failure.message}`);
    const pending = this.pending;
    this.pending = [];
    for (const entry of pending) entry.reject(failure);
    for (const hook of [...this.#failureHooks]) hook(failure);
    if (!this.#quitting) this.emit('failed', failure);
    this.wakeReplyWaiters();
    this.socket?.destroy();
    if (this.phase !== 'closed') {
      this.setPhase('closed');
      this.emit('close');
    }
  }

  private currentPhase(): SmtpPhase {
    const phase = this.phase;
    return phase === 'ready' || phase === 'closing' || phase === 'closed' ? 'quit' : phase;
  }

  private receive(chunk: Buffer): void {
    let replies: SmtpReply[];
    try {
      replies = this.parser.push(chunk);
    } catch (err) {
      this.fail(err as SmtpError);
      return;
    }
    for (const reply of replies) {
      if (this.log.dialogue) this.log.debug(`S: ${reply.raw}`);
      const entry = this.pending.shift();
      if (!entry) {
        this.receiveUnsolicited(reply);
        return;
      }
      entry.resolve(reply);
      this.wakeReplyWaiters();
    }
  }

  private wakeReplyWaiters(): void {
    const waiters = this.#replyWaiters;
    this.#replyWaiters = [];
    for (const wake of waiters) wake();
  }

  /** No command awaits this reply. */
  private receiveUnsolicited(reply: SmtpReply): void {
    if (reply.code === 421) {
      // RFC 5321 §3.8: a server shutting down (or timing out an idle client) may say 421 unprompted and close.
      // Idle or quitting, that is the same as a close (F25); otherwise it ends the work in progress.
      if (this.isIdle || this.#quitting) this.destroy();
      else this.fail(closingChannelError(reply, undefined, this.host));
      return;
    }
    // RFC 2920 §3.1 pairs replies with commands strictly in order; a surplus reply means we lost sync.
    this.fail(new SmtpError('EPROTOCOL', `unsolicited reply from ${this.host} (more replies than commands in flight)`, { response: reply.raw }));
  }

  /** Open between transactions, with no reply awaited. */
  private get isIdle(): boolean {
    return this.phase === 'ready' && this.pending.length === 0 && this.activeTransactions === 0;
  }

  private handleClose(): void {
    // Closed already (by us, or failed): nothing more to report.
    if (this.phase === 'closing' || this.phase === 'closed') return;
    if (this.isIdle || this.#quitting) {
      // The server closed an idle connection (RFC 5321 §4.5.3.2 lets it), or closed after QUIT without 221:
      // nothing failed, it is simply gone.
      this.destroy();
      return;
    }
    const beforeGreeting = this.phase === 'greeting';
    const midReply = this.parser.isMidReply ? ' in the middle of a reply' : '';
    this.fail(
      new SmtpError(beforeGreeting ? 'ECONNECTION' : 'ESOCKET', `connection to ${this.host} closed unexpectedly${midReply}`),
    );
  }

  private handleSocketError(err: Error): void {
    this.fail(new SmtpError('ESOCKET', `socket error with ${this.host}: ${err.message}`, { cause: err }));
  }

  private handleTimeout(): void {
    if (this.#quitting) {
      this.destroy();
      return;
    }
    if (this.phase === 'ready') {
      // An idle pooled connection: close it politely rather than report an error nobody waits for.
      void this.quit();
      return;
    }
    this.fail(new SmtpError('ETIMEDOUT', `no activity from ${this.host} for ${this.timeouts.socketTimeoutMs} ms`));
  }
}

function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(ignore);
  return promise;
}

/** One function for every handled promise, rather than a closure per reply. */
function ignore(): void {}
