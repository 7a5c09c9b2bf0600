/** When a failed message is tried again: the retry policy of the transport, apart from the queue that applies it. */
import { SmtpError } from '../core/errors.js';
import type { FailureVerdict } from './pool.js';

/** What the policy needs to know of the message: whether its content can be produced again. */
export interface RetryCandidate {
  readonly isReplayable: boolean;
}

/** Codes that mean the connection failed (closed, reset, timed out, 421), as opposed to a refusal. */
const CONNECTION_FAILURES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT']);
/** Failures to open a connection that every queued message would meet too: reported to all, not retried. */
const PERMANENT_OPEN_FAILURES = new Set(['EAUTH', 'EOAUTH2', 'ETLS', 'EDNS', 'EPROXY', 'EPROTOCOL']);

/**
 * Only a pool retries, once, on a new connection, when the connection failed while the message
 * was certainly not delivered, and only when its content can be produced again.
 */
export function classifyFailure(
  err: unknown,
  job: RetryCandidate,
  attempts: number,
  stage: 'open' | 'run',
  pooled: boolean,
): FailureVerdict {
  const failure = err instanceof SmtpError ? err : undefined;
  if (pooled && stage === 'open' && failure && PERMANENT_OPEN_FAILURES.has(failure.code)) return 'reject-all';
  const isRetryable =
    pooled && attempts === 0 && failure !== undefined && CONNECTION_FAILURES.has(failure.code) && failure.delivery === 'not-sent' && job.isReplayable;
  return isRetryable ? 'retry' : 'reject';
}
