/** SmtpError: the one error type of the engine, with a stable code, the dialogue phase and delivery status. */

/** Every failure code the engine reports (see the README's error table). Adding one changes the public contract. */
export type SmtpErrorCode =
  | 'ECONFIG'
  | 'EDNS'
  | 'ECONNECTION'
  | 'ETIMEDOUT'
  | 'ESOCKET'
  | 'ETLS'
  | 'EAUTH'
  | 'EOAUTH2'
  | 'EPROXY'
  | 'EENVELOPE'
  | 'EMESSAGE'
  | 'EPROTOCOL'
  | 'ESTREAM'
  | 'EFILEACCESS'
  | 'EURLACCESS'
  | 'ECLOSED'
  | 'ETEMPLATE'
  | 'EQUEUE';

/** Where in the SMTP dialogue an operation failed. */
export type SmtpPhase =
  | 'dns'
  | 'connect'
  | 'greeting'
  | 'ehlo'
  | 'starttls'
  | 'auth'
  | 'mail'
  | 'rcpt'
  | 'data'
  | 'body'
  | 'end'
  | 'quit';

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
  /** See {@link SmtpError.responseCode}. */
  responseCode?: number;
  /** See {@link SmtpError.enhancedStatus}. */
  enhancedStatus?: string;
  /** See {@link SmtpError.response}. */
  response?: string;
  /** See {@link SmtpError.command}. */
  command?: string;
  /** See {@link SmtpError.rejected}. */
  rejected?: string[];
  /** See {@link SmtpError.rejectedErrors}. */
  rejectedErrors?: SmtpError[];
  /** See {@link SmtpError.phase}. */
  phase?: SmtpPhase;
  /** See {@link SmtpError.delivery}. @defaultValue 'not-sent' */
  delivery?: DeliveryStatus;
  /** The underlying error (a Node socket error, a token provider's error, ...). */
  cause?: unknown;
}

const SMTP_ERROR_BRAND = Symbol.for('nestjs-smtp.SmtpError');

/**
 * The engine's only error class. `instanceof` works across two installed copies of the package
 * because it checks a `Symbol.for` brand rather than the prototype chain.
 *
 * @example
 * try { await transport.sendMail(msg) } catch (err) {
 *   if (err instanceof SmtpError && err.code === 'EENVELOPE') console.log(err.rejected);
 * }
 */
export class SmtpError extends Error {
  /** Always `'SmtpError'`. */
  override readonly name = 'SmtpError';
  /** What failed, as a stable code. */
  readonly code: SmtpErrorCode;
  /** The server's reply code, when a reply caused the error. */
  readonly responseCode?: number;
  /** The server's enhanced status code (`5.7.8`), when it sent one. */
  readonly enhancedStatus?: string;
  /** The server's reply text. */
  readonly response?: string;
  /** The command that was answered, with credentials replaced. */
  readonly command?: string;
  /** Recipients the server refused. */
  readonly rejected?: string[];
  /** One error per refused recipient, with the server's reply. */
  readonly rejectedErrors?: SmtpError[];
  /** Where in the dialogue it failed. */
  readonly phase?: SmtpPhase;
  /** Always set: only `uncertain` when the final dot (or last BDAT) went out unanswered. */
  readonly delivery: DeliveryStatus;

  constructor(code: SmtpErrorCode, message: string, details: SmtpErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.delivery = details.delivery ?? 'not-sent';
    if (details.responseCode !== undefined) this.responseCode = details.responseCode;
    if (details.enhancedStatus !== undefined) this.enhancedStatus = details.enhancedStatus;
    if (details.response !== undefined) this.response = details.response;
    if (details.command !== undefined) this.command = details.command;
    if (details.rejected !== undefined) this.rejected = details.rejected;
    if (details.rejectedErrors !== undefined) this.rejectedErrors = details.rejectedErrors;
    if (details.phase !== undefined) this.phase = details.phase;
    Object.defineProperty(this, SMTP_ERROR_BRAND, { value: true });
  }

  /** Checks a `Symbol.for` brand, so `instanceof` works across two installed copies of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SMTP_ERROR_BRAND] === true;
  }

  /** A copy of this error with some fields replaced (errors are immutable once thrown). */
  with(details: SmtpErrorDetails & { code?: SmtpErrorCode; message?: string }): SmtpError {
    return new SmtpError(details.code ?? this.code, details.message ?? this.message, {
      responseCode: this.responseCode,
      enhancedStatus: this.enhancedStatus,
      response: this.response,
      command: this.command,
      rejected: this.rejected,
      rejectedErrors: this.rejectedErrors,
      phase: this.phase,
      delivery: this.delivery,
      cause: this.cause,
      ...details,
    });
  }

  /** A 4xx reply: the same request may succeed later. */
  isTransient(): boolean {
    return this.responseCode !== undefined && this.responseCode >= 400 && this.responseCode < 500;
  }

  /** A 5xx reply: the request will not succeed as it is. */
  isPermanent(): boolean {
    return this.responseCode !== undefined && this.responseCode >= 500 && this.responseCode < 600;
  }
}

/** Wraps anything thrown into an SmtpError, keeping SmtpErrors as they are. */
export function toSmtpError(err: unknown, code: SmtpErrorCode, details: SmtpErrorDetails = {}): SmtpError {
  if (err instanceof SmtpError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new SmtpError(code, message, { ...details, cause: err });
}
