/** What an AUTH mechanism sees: a way to send lines and read replies, and how it reports failure. */
import { SmtpError } from '../../core/errors.js';
import type { SmtpReply } from '../reply-parser.js';
/** RFC 4954 §4: 235 means authenticated, 334 asks for the next step. */
export declare const AUTH_SUCCESS = 235;
export declare const AUTH_CONTINUE = 334;
/** One step of an AUTH exchange, written by the connection with redaction in logs and errors. */
export interface AuthExchange {
    /**
     * Sends a line and resolves the reply. `secret` lines (credentials, tokens, responses) are logged only as a size.
     * @throws SmtpError EAUTH after too many 334 challenges (a server that never ends the exchange).
     */
    send(line: string, options?: {
        secret?: boolean;
    }): Promise<SmtpReply>;
}
/** An AUTH failure carrying the server's reply. */
export declare function authFailure(reply: SmtpReply, mechanism: string): SmtpError;
/** Resolves when the reply is 235, throws EAUTH otherwise. */
export declare function expectSuccess(reply: SmtpReply, mechanism: string): void;
/** Resolves when the reply is a 334 challenge, throws EAUTH otherwise. */
export declare function expectChallenge(reply: SmtpReply, mechanism: string): void;
export declare function base64(value: string): string;
