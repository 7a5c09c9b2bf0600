/** The transport contract every layer above depends on: sendMail, verify, close and the events, whatever sends. */
import type { EventEmitter } from 'node:events';
import type { SmtpError } from '../core/errors.js';
import type { Envelope } from '../core/envelope.js';
import type { TokenEvent } from '../smtp/auth/oauth2-token.js';
import type { SendableMessage } from './template-renderer.js';
import type { ResolvedSmtpOptions } from './options.js';

/** What a successful sendMail resolves. */
export interface SentMessageInfo {
  /** The envelope the message was sent with. */
  envelope: Envelope;
  /** The `Message-ID` of the message, angle brackets included. */
  messageId: string;
  /** Recipients the server accepted. */
  accepted: string[];
  /** Recipients the server refused (the message was still sent to the others). */
  rejected: string[];
  /** One `EENVELOPE` error per refused recipient, with the server's reply. */
  rejectedErrors?: SmtpError[];
  /** The server's reply to the final dot (or last BDAT). */
  response: string;
  /** Milliseconds from MAIL FROM to the last RCPT reply. */
  envelopeTime: number;
  /** Milliseconds spent sending the content and waiting for its acceptance. */
  messageTime: number;
  /** Octets of message content sent. */
  messageSize: number;
}

/** Per-message options of `sendMail`, given in place of a callback. */
export interface SendOptions {
  /**
   * An async step run right before the message is committed: before the final dot, the last BDAT chunk, or the
   * one pipelined write that carries it (local transports: before the message is kept or written). Runs once
   * per attempt that gets that far: not when MAIL or every RCPT is refused first; but a small message to a
   * server with PIPELINING and CHUNKING goes out in one write with its envelope, so the step runs before MAIL
   * there. Whatever follows the step still settles the send as usual. When it rejects, nothing is committed:
   * the send fails `not-sent`, with the step's own SmtpError code, or `ESTREAM` for anything else. An outbox
   * uses it to record "content sent" before the point after which a crash leaves delivery unknown.
   */
  beforeCommit?: () => Promise<void>;
}

/** A node-style callback: called once, with an SmtpError, or with null and the result. */
export type NodeCallback<T> = (err: SmtpError | null, result?: T) => void;

/** The callback `sendMail` also accepts: an SmtpError, or null and the info. */
export type SendMailCallback = NodeCallback<SentMessageInfo>;

/** The callback `verify` also accepts, as in nodemailer's `transporter.verify((error, success) => ...)`: an SmtpError, or null and `true`. */
export type VerifyCallback = NodeCallback<true>;

/** The callback `close` also accepts: called with null once every connection has closed. */
export type CloseCallback = (err: SmtpError | null) => void;

/** Events of a transport: `idle` (room for another message), `error` (an idle pooled connection failed), `token` (new OAuth2 token). */
export interface SmtpTransportEvents {
  /** The pool can take another message. */
  idle: [];
  /** An idle pooled connection failed; emitted only when a listener is attached. */
  error: [SmtpError];
  /** A new OAuth2 token was obtained. */
  token: [TokenEvent];
}

/**
 * What the Nest layer (and any other consumer) needs of a transport. `SmtpTransport` implements it over SMTP;
 * the testing module's in-memory transport implements it without a server.
 */
export interface MailTransport extends EventEmitter<SmtpTransportEvents> {
  /** The options as validated, with defaults filled in. */
  readonly options: ResolvedSmtpOptions;
  /** Sends one message; with a node-style callback, returns nothing and calls it once. */
  sendMail(message: SendableMessage, callback?: undefined): Promise<SentMessageInfo>;
  /** The callback form: calls `callback` once with the error or the info. */
  sendMail(message: SendableMessage, callback: SendMailCallback): void;
  /** With per-message options (`beforeCommit`). */
  sendMail(message: SendableMessage, options: SendOptions): Promise<SentMessageInfo>;
  /** Checks that a session can be opened (and authenticated) without sending a message. */
  verify(options?: { signal?: AbortSignal }): Promise<true>;
  /** The callback form: calls `callback` once with the error or `true`. */
  verify(callback: VerifyCallback): void;
  /** Delivers what is queued, then closes every connection; later sends reject with ECLOSED. Never rejects. */
  close(): Promise<void>;
  /** The callback form: calls `callback` once every connection has closed. */
  close(callback: CloseCallback): void;
  /** Compiles the transport's templates once (no-op without them); rejects with ECONFIG naming the file at fault. */
  compileTemplates(): Promise<void>;
  /** Whether another message can start now. */
  isIdle(): boolean;
}
