// can-send-again.ts: whether a failed send may be queued to go again later.
import { SmtpError } from 'nestjs-smtp';

const NETWORK_FAILURES = new Set(['EDNS', 'ECONNECTION', 'ETIMEDOUT', 'ESOCKET']);

export function canSendAgain(err: unknown): boolean {
  if (!(err instanceof SmtpError)) return false; // not from the mailer: a bug to fix, not to retry
  if (err.delivery === 'uncertain') return false; // the server may have it: a resend may deliver twice
  if (err.isPermanent()) return false; // a 5xx refusal: the same message fails the same way
  return err.isTransient() || NETWORK_FAILURES.has(err.code); // a 4xx, or the network: try later
}
