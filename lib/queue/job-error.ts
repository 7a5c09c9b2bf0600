/** An SmtpError as a job keeps it in Redis (plain JSON), and back. */
import { SmtpError, type DeliveryStatus, type SmtpErrorCode, type SmtpPhase } from '../core/errors.js';

/** The fields of an SmtpError an operator needs, as stored on a job. */
export interface StoredSmtpError {
  /** See {@link SmtpError.code}. */
  code: SmtpErrorCode;
  /** The error's message. */
  message: string;
  /** See {@link SmtpError.delivery}. */
  delivery: DeliveryStatus;
  /** See {@link SmtpError.phase}. */
  phase?: SmtpPhase;
  /** See {@link SmtpError.responseCode}. */
  responseCode?: number;
  /** See {@link SmtpError.enhancedStatus}. */
  enhancedStatus?: string;
  /** See {@link SmtpError.response}. */
  response?: string;
}

/** Keeps what an operator needs; never `command` or `cause`, which are not needed to judge a failure. */
export function storeError(err: SmtpError): StoredSmtpError {
  return {
    code: err.code,
    message: err.message,
    delivery: err.delivery,
    ...(err.phase !== undefined && { phase: err.phase }),
    ...(err.responseCode !== undefined && { responseCode: err.responseCode }),
    ...(err.enhancedStatus !== undefined && { enhancedStatus: err.enhancedStatus }),
    ...(err.response !== undefined && { response: err.response }),
  };
}

/** The stored error as an SmtpError again, for events and callers that expect one. */
export function reviveError(stored: StoredSmtpError): SmtpError {
  const { code, message, ...details } = stored;
  return new SmtpError(code, message, details);
}
