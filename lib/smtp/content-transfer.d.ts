/** Writing message content: a DATA stream with backpressure, or BDAT chunks with a few in flight. */
import { type DeliveryStatus, type SmtpPhase } from '../core/errors.js';
import type { SmtpConnection } from './connection.js';
import type { SmtpReply } from './reply-parser.js';
import type { BodyReader } from './body-reader.js';
/** Size of each BDAT chunk of a larger message: big enough to amortise a reply, small enough to stay cheap. */
export declare const BDAT_CHUNK_BYTES: number;
/** Where a transaction is, so that a connection failure is reported with its phase and delivery status. */
export interface TransactionState {
    phase: SmtpPhase;
    delivery: DeliveryStatus;
}
/** Writes DATA content with backpressure, yielding now and then; the final dot is the caller's. */
export declare function streamContent(connection: SmtpConnection, body: BodyReader): Promise<void>;
/**
 * BDAT (RFC 3030) for a message larger than the read-ahead: counted chunks without dot-stuffing, several in
 * flight; a refused chunk ends the transaction and the connection (the server's state is then unknown).
 * Resolves the reply to the last chunk.
 */
export declare function sendBdatChunks(connection: SmtpConnection, body: BodyReader, state: TransactionState): Promise<SmtpReply>;
