/** Turns an outbox's completed / failed / parked events into the mailer's queued-mail hooks and events. */
import type { MailOutbox } from '../../queue/mail-outbox.js';
import type { MailParkedEvent, QueuedMailFailedEvent, QueuedMailSentEvent } from './mailer-hooks.interface.js';
import { MAIL_FAILED_EVENT, MAIL_PARKED_EVENT, MAIL_SENT_EVENT } from './mail-events.js';
import type { MailerSendHooks } from './mailer-send-hooks.js';

/**
 * @internal Listens to the outbox's own events, which fire only in a process running its worker, after BullMQ
 * has moved the job: so each queued message's outcome is reported once, by the process that sent it. `retried`
 * is not an outcome: the job is tried again and reports where it ends.
 */
export function reportQueuedOutcomes(outbox: MailOutbox, runner: MailerSendHooks): void {
  const { hooks, mailerName: mailer } = runner;
  outbox.on('completed', ({ jobId, messageId, attempt, info }) => {
    const event: QueuedMailSentEvent = { mailer, jobId, messageId, attempt, info };
    runner.report('afterQueuedSend', () => hooks.afterQueuedSend?.(event), MAIL_SENT_EVENT, event);
  });
  outbox.on('failed', ({ jobId, messageId, attempt, error }) => {
    const event: QueuedMailFailedEvent = { mailer, jobId, messageId, attempt, error };
    runner.report('onQueuedError', () => hooks.onQueuedError?.(event), MAIL_FAILED_EVENT, event);
  });
  outbox.on('parked', ({ jobId, messageId, attempt, reason, error }) => {
    const event: MailParkedEvent = { mailer, jobId, messageId, attempt, reason, ...(error && { error }) };
    // Said even without a hook: a parked message waits for a person, and nothing else would tell one.
    runner.logger.warn(`job ${jobId} (${messageId}) parked, needs review: ${reason}`);
    runner.report('onParked', () => hooks.onParked?.(event), MAIL_PARKED_EVENT, event);
  });
}
