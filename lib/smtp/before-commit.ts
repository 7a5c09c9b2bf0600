/** The caller's step before a message is committed (final dot, last BDAT): run it, and type its failure. */
import { SmtpError, type SmtpPhase } from '../core/errors.js';

/** An async step a caller runs right before the message is committed. */
export type BeforeCommitStep = () => Promise<void>;

/**
 * Runs the step. Its failure means nothing was committed: the error keeps an SmtpError's code (an outbox's
 * `EQUEUE`), wraps anything else as `ESTREAM` (the content could not be completed), and is always `not-sent`.
 * @throws SmtpError as described, with `phase`.
 */
export async function runBeforeCommit(step: BeforeCommitStep, phase: SmtpPhase): Promise<void> {
  try {
    await step();
  } catch (err) {
    if (err instanceof SmtpError) throw err.with({ phase, delivery: 'not-sent' });
    const reason = err instanceof Error ? err.message : String(err);
    throw new SmtpError('ESTREAM', `the step before committing the message failed: ${reason}; the message was not sent`, {
      phase,
      delivery: 'not-sent',
      cause: err,
    });
  }
}
