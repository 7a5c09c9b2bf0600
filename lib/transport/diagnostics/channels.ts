/** The engine's diagnostics channels: their names, the payload of each event, and the channel objects. */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { DeliveryStatus, SmtpErrorCode, SmtpPhase } from '../../core/errors.js';

/**
 * Name of the tracing channel around each `sendMail` (events on `tracing:nestjs-smtp:send:start`, `:end`,
 * `:asyncStart`, `:asyncEnd`, `:error`). Subscribe with `diagnostics_channel.tracingChannel(SEND_CHANNEL)`.
 */
export const SEND_CHANNEL = 'nestjs-smtp:send';

/**
 * Name of the tracing channel around each connection the transport opens (DNS, connect, TLS, greeting, EHLO,
 * STARTTLS, AUTH), for a send or for `verify()`.
 */
export const CONNECT_CHANNEL = 'nestjs-smtp:connect';

/**
 * Name of the plain channel published once when a connection whose opening was traced on {@link CONNECT_CHANNEL}
 * closes, for any reason. The message is the same object as that connection's {@link SmtpConnectEvent}, so a
 * subscriber can pair the two (a gauge of open connections).
 */
export const CLOSE_CHANNEL = 'nestjs-smtp:close';

/** Where a traced operation talks to: the transport's configured server. Never credentials. */
export interface SmtpServerTarget {
  /** Always `'smtp'`: the kind of transport that sends. */
  transport: 'smtp';
  /** The configured server host name (or address). */
  host: string;
  /** The server port. */
  port: number;
  /** Implicit TLS from the first byte (`secure: true`); STARTTLS is reported per connection. */
  secure: boolean;
  /** The transport keeps connections open between messages (`pool: true`). */
  pooled: boolean;
}

/** How a traced operation failed: the SmtpError's code and where, never its message, command or reply text. */
export interface SmtpFailureFields {
  /** Set at `asyncEnd`: `'failed'` when the operation rejected (with the `error` event before it). */
  outcome?: 'succeeded' | 'failed';
  /** The SmtpError code (`ECONNECTION`, `EAUTH`, `EENVELOPE`, ...); set on failure only. */
  code?: SmtpErrorCode;
  /** The dialogue phase the failure happened in, when known. */
  phase?: SmtpPhase;
  /** The server's reply code, on success (the final reply) or when a reply caused the failure. */
  responseCode?: number;
}

/**
 * The payload of every event on {@link SEND_CHANNEL}: one object per `sendMail`, filled in as the send goes on.
 * At `start` only the target fields are set; `messageId` and the recipient fields once the message was prepared
 * (so they are missing when preparing it failed); the outcome fields at `asyncEnd`.
 *
 * It never holds addresses (only how many, and their unique domains), credentials or content. The `error` event
 * carries no `error` field either, since an SmtpError's message and fields name recipients: read `code`, `phase`,
 * `delivery` and `responseCode` instead.
 */
export interface SmtpSendEvent extends SmtpServerTarget, SmtpFailureFields {
  /** The message's `Message-ID`, angle brackets included. */
  messageId?: string;
  /** How many envelope recipients the message has. */
  recipientCount?: number;
  /** The envelope recipients' domains, lower-cased, each once, in first-seen order. */
  recipientDomains?: string[];
  /** Transactions tried for it (more than one when a pooled connection failed and the message was retried). */
  attempts?: number;
  /** The last transaction sent the content with BDAT (the server offered CHUNKING) rather than DATA. */
  bdat?: boolean;
  /** Octets of content sent; on success. */
  size?: number;
  /** How many recipients the server accepted; on success. */
  accepted?: number;
  /** How many recipients the server refused while accepting the message for the others; on success. */
  rejected?: number;
  /** On failure: whether the server may have the message anyway (`uncertain`: the final dot went out unanswered). */
  delivery?: DeliveryStatus;
}

/**
 * The payload of every event on {@link CONNECT_CHANNEL}, and the message on {@link CLOSE_CHANNEL} when that
 * connection closes. The TLS fields are set once the connection is open.
 */
export interface SmtpConnectEvent extends SmtpServerTarget, SmtpFailureFields {
  /** The connection goes through the configured proxy. */
  proxied: boolean;
  /** Once open: the session is encrypted (implicit TLS or STARTTLS). */
  tls?: boolean;
  /** Once open: it was upgraded with STARTTLS. */
  startTls?: boolean;
}

/**
 * The channels the engine publishes on; subscribers get them by name, so these stay internal. Node keeps one
 * channel per name for the whole process: these hold no state of the engine's, only the subscriber lists Node owns.
 */
export const sendChannel = diagnosticsChannel.tracingChannel<unknown, SmtpSendEvent>(SEND_CHANNEL);
export const connectChannel = diagnosticsChannel.tracingChannel<unknown, SmtpConnectEvent>(CONNECT_CHANNEL);
export const closeChannel = diagnosticsChannel.channel(CLOSE_CHANNEL);
