/** One SMTP dialogue on one socket: the phase, writing commands, pairing each reply with its command. */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { SmtpError, type SmtpPhase } from '../core/errors.js';
import { type SmtpReply } from './reply-parser.js';
import { type EngineLog } from './logger.js';
import { type Capabilities } from './capabilities.js';
/** A connection's phase: where in the dialogue it is, or one of the idle and final states. */
export type ConnectionPhase = SmtpPhase | 'ready' | 'closing' | 'closed';
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
export declare class SmtpConnection extends EventEmitter<SmtpConnectionEvents> {
    #private;
    readonly host: string;
    readonly log: EngineLog;
    readonly timeouts: ConnectionTimeouts;
    private writerQueue;
    private socket?;
    private readonly parser;
    private pending;
    private readonly onData;
    private readonly onClose;
    private readonly onError;
    private readonly onTimeout;
    constructor(host: string, log: EngineLog, timeouts: ConnectionTimeouts);
    /** Where in the dialogue the connection is. */
    get phase(): ConnectionPhase;
    /** What the server advertised in its last EHLO reply (none before EHLO, or after STARTTLS until the next). */
    get capabilities(): Capabilities;
    /** Whether TLS is up (implicit or after STARTTLS). */
    get secure(): boolean;
    /** The previous transaction failed or was aborted, so RSET must go first (RFC 5321 §4.1.1.5). */
    get needsReset(): boolean;
    /** Transactions running now (more than one only with maxTransactionsInFlight). */
    get activeTransactions(): number;
    /** How many transactions may run at once on this connection. */
    get concurrency(): number;
    /** Why the connection failed, once it has. */
    get failure(): SmtpError | undefined;
    /** Records the server's EHLO capabilities; call after each EHLO (HELO leaves none). */
    setCapabilities(capabilities: Capabilities): void;
    /** Forgets capabilities before STARTTLS: what the server said in plaintext must not count after it (RFC 3207 §4.2). */
    forgetCapabilities(): void;
    /** Sets how many transactions may be in flight at once; call after EHLO, once the extensions are known. */
    setConcurrency(transactions: number): void;
    /** The current transaction did not complete: the next one starts with RSET. */
    markNeedsReset(): void;
    /** RSET was answered: the server holds no transaction state. */
    markReset(): void;
    get isOpen(): boolean;
    get remoteAddress(): string | undefined;
    /** Moves to a new phase; a closed connection stays closed. */
    setPhase(phase: ConnectionPhase): void;
    /** Counts a transaction in; the connection is busy (its phase is `mail`) until every one has ended. */
    beginTransaction(): void;
    endTransaction(): void;
    /**
     * Waits for exclusive use of the write side; resolves a release function. Transactions that write in
     * several pieces (DATA, multi-chunk BDAT) hold it so that no other transaction's commands interleave.
     */
    acquireWriter(): Promise<() => void>;
    /** @throws SmtpError the connection's failure, once it has failed (or was aborted). */
    assertUsable(): void;
    /**
     * Takes ownership of a connected socket (plain, TLS, or tunnelled) and starts reading replies.
     * @throws SmtpError when the connection failed meanwhile; the socket is then closed.
     */
    attach(socket: Socket | TLSSocket, secure: boolean): void;
    /**
     * Releases the socket for a TLS upgrade: listeners removed and every byte read so far dropped, so nothing the
     * server sent before the handshake can be read after it (RFC 3207 §4.2; STARTTLS injection).
     */
    detachForUpgrade(): Socket;
    /** Waits for a reply to no command: the greeting. */
    awaitGreeting(): Promise<SmtpReply>;
    /** Writes one command and resolves its reply. */
    send(command: CommandLine | string): Promise<SmtpReply>;
    /**
     * Writes several commands in one write (RFC 2920 pipelining) and returns one promise per reply, in order.
     * Each promise is already handled, so an early failure leaves no unhandled rejections behind.
     * @param trailer bytes written in the same write after the commands (a BDAT chunk, in parts)
     */
    sendBatch(commands: CommandLine[], trailer?: Buffer[]): Promise<SmtpReply>[];
    /**
     * Writes body bytes, honouring backpressure: resolves when the socket can take more.
     * @throws SmtpError when the connection fails while waiting.
     */
    writeData(chunk: Buffer): Promise<void>;
    /** Registers a reply expected for something already written (a BDAT chunk, the final dot). */
    expectReply(): Promise<SmtpReply>;
    /** Sends QUIT and closes, without waiting long: a server that does not answer is simply dropped. */
    quit(): Promise<void>;
    /** Closes the socket at once; pending replies reject with ECLOSED-like socket errors. */
    destroy(): void;
    /**
     * Marks the connection broken with `err`: every pending reply rejects with it, the socket is destroyed.
     * The error gets the current phase when it has none; transactions add their own phase and delivery.
     */
    fail(err: SmtpError): void;
    private currentPhase;
    private receive;
    private handleClose;
    private handleSocketError;
    private handleTimeout;
}
