/** One mail transaction on an open connection: MAIL, RCPT, then DATA or BDAT, pipelined where offered. */
import type { Readable } from 'node:stream';
import { SmtpError } from '../core/errors.js';
import type { SmtpConnection } from './connection.js';
import type { DsnParameters } from './commands.js';
import type { Envelope } from '../core/envelope.js';
/** Bytes read ahead before MAIL: enough to know a small message's size (SIZE, one-write BDAT). */
export declare const PREBUFFER_BYTES: number;
/** What a transaction needs from the message. */
export interface TransactionRequest {
    envelope: Envelope;
    dsn?: DsnParameters;
    /** Creates the message bytes once the server's extensions are known: a stream, or a small message's chunks. */
    createBody(context: {
        smtputf8: boolean;
        eightBitMime: boolean;
    }): Readable | Buffer[];
}
/** What an accepted transaction reports, for SentMessageInfo. */
export interface TransactionResult {
    accepted: string[];
    rejected: string[];
    rejectedErrors: SmtpError[];
    response: string;
    messageSize: number;
    envelopeTime: number;
    messageTime: number;
}
/**
 * Runs one transaction. On a 4xx/5xx reply the connection stays usable (RSET goes first next time);
 * on a connection failure it is destroyed, and the error says whether the message may have been delivered.
 * Several transactions may run at once on one connection (RFC 2920 with RFC 3030): each writes its commands
 * in one piece under the connection's writer lock, and replies are paired in write order.
 * @throws SmtpError EENVELOPE, EMESSAGE, ESTREAM, or a connection error.
 */
export declare function runTransaction(connection: SmtpConnection, request: TransactionRequest): Promise<TransactionResult>;
