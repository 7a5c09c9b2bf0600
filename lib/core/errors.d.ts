/** SmtpError: the one error type of the engine, with a stable code, the dialogue phase and delivery status. */
/** Every failure code the engine reports (SPEC section 1, Errors). Adding one is a SPEC change. */
export type SmtpErrorCode = 'ECONFIG' | 'EDNS' | 'ECONNECTION' | 'ETIMEDOUT' | 'ESOCKET' | 'ETLS' | 'EAUTH' | 'EOAUTH2' | 'EPROXY' | 'EENVELOPE' | 'EMESSAGE' | 'EPROTOCOL' | 'ESTREAM' | 'EFILEACCESS' | 'EURLACCESS' | 'ECLOSED';
/** Where in the SMTP dialogue an operation failed. */
export type SmtpPhase = 'dns' | 'connect' | 'greeting' | 'ehlo' | 'starttls' | 'auth' | 'mail' | 'rcpt' | 'data' | 'body' | 'end' | 'quit';
/**
 * Whether the server may have accepted the message: `not-sent` when it cannot have (including a
 * refused final dot), `uncertain` when the final dot or last BDAT was written but no reply came.
 */
export type DeliveryStatus = 'not-sent' | 'uncertain';
/** A recipient the server refused, with the server's reply. */
export interface RejectedRecipient {
    recipient: string;
    responseCode: number;
    enhancedStatus?: string;
    response: string;
}
/** Fields an SmtpError may carry besides its code and message. */
export interface SmtpErrorDetails {
    responseCode?: number;
    enhancedStatus?: string;
    response?: string;
    command?: string;
    rejected?: string[];
    rejectedErrors?: SmtpError[];
    phase?: SmtpPhase;
    delivery?: DeliveryStatus;
    cause?: unknown;
}
/**
 * The engine's only error class. `instanceof` works across two installed copies of the package
 * because it checks a `Symbol.for` brand rather than the prototype chain.
 *
 * @example
 * try { await transport.sendMail(msg) } catch (err) {
 *   if (err instanceof SmtpError && err.code === 'EENVELOPE') console.log(err.rejected);
 * }
 */
export declare class SmtpError extends Error {
    readonly name = "SmtpError";
    readonly code: SmtpErrorCode;
    readonly responseCode?: number;
    readonly enhancedStatus?: string;
    readonly response?: string;
    readonly command?: string;
    readonly rejected?: string[];
    readonly rejectedErrors?: SmtpError[];
    readonly phase?: SmtpPhase;
    /** Always set: only `uncertain` when the final dot (or last BDAT) went out unanswered. */
    readonly delivery: DeliveryStatus;
    constructor(code: SmtpErrorCode, message: string, details?: SmtpErrorDetails);
    static [Symbol.hasInstance](value: unknown): boolean;
    /** A copy of this error with some fields replaced (errors are immutable once thrown). */
    with(details: SmtpErrorDetails & {
        code?: SmtpErrorCode;
        message?: string;
    }): SmtpError;
    /** A 4xx reply: the same request may succeed later. */
    isTransient(): boolean;
    /** A 5xx reply: the request will not succeed as it is. */
    isPermanent(): boolean;
}
/** Wraps anything thrown into an SmtpError, keeping SmtpErrors as they are. */
export declare function toSmtpError(err: unknown, code: SmtpErrorCode, details?: SmtpErrorDetails): SmtpError;
