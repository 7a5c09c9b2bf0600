/** A Redis round trip bounded in time: the outbox never waits on Redis longer than its option says. */
import { SmtpError, toSmtpError } from '../core/errors.js';

/**
 * Runs `work` and settles as it does, or rejects with EQUEUE after `timeoutMs`, aborting the signal it was
 * given so that work not yet started (a write waiting for a connection) is never started late. A late outcome
 * is ignored, never left to reject unhandled. Errors that are not SmtpErrors become EQUEUE, saying `what`.
 * @throws SmtpError EQUEUE
 */
export async function withTimeout<T>(
  work: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  what: string,
  /** Added to the message of a timeout: what the caller may do about it. */
  afterTimeout = '',
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new SmtpError('EQUEUE', `${what}: Redis did not answer within ${timeoutMs} ms${afterTimeout}`));
    }, timeoutMs);
  });
  const running = work(controller.signal);
  running.catch(() => undefined);
  try {
    return await Promise.race([running, expired]);
  } catch (err) {
    if (err instanceof SmtpError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw toSmtpError(err, 'EQUEUE').with({ message: `${what}: ${reason}` });
  } finally {
    clearTimeout(timer);
  }
}
