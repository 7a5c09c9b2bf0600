import { SmtpError } from '../../lib/core/errors.js';
import type { SmtpTransport } from '../../lib/transport/transport.js';
import type { SentMessageInfo } from '../../lib/transport/mail-transport.js';
import type { MailMessage } from '../../lib/mime/message.interface.js';
export interface Settled<T> {
    value?: T;
    error?: SmtpError;
    /** Milliseconds from the call to settlement. */
    ms: number;
    /** How many times the node-style callback ran (must be exactly 1). */
    callbackCalls: number;
    /** Whether the callback's outcome agreed with the promise's. */
    callbackAgrees: boolean;
}
/**
 * Sends `message` with both the promise and the callback form, then waits `graceMs` more so that a second
 * settlement (a double callback) would be seen. A rejection that is not an SmtpError fails the test.
 */
export declare function observeSend(transport: SmtpTransport, message: MailMessage, graceMs?: number): Promise<Settled<SentMessageInfo>>;
/** Awaits a promise and records when and how it settled (for verify(), or anything without a callback). */
export declare function observe<T>(promise: Promise<T>, started?: number): Promise<Settled<T>>;
/** A plain message for fault tests. */
export declare function simpleMessage(overrides?: Partial<MailMessage>): MailMessage;
/** The SmtpError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export declare function rejectionOf(promise: Promise<unknown>): Promise<SmtpError>;
