/** InMemoryOutbox: `enqueue` under MailerTestingModule: checked and composed as the outbox does, recorded at once, no Redis. */
import { randomUUID } from 'node:crypto';
import { createRandomPool } from '../../mime/ids.js';
import type { MailDefaults } from '../../mime/message.interface.js';
import { composePayload, payloadMessage } from '../../queue/job-payload.js';
import type { EnqueueOptions, EnqueueResult } from '../../queue/mail-outbox.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../queue/outbox-options.js';
import type { MailTransport } from '../../transport/mail-transport.js';
import { applyTemplate, type SendableMessage } from '../../transport/template-renderer.js';
import type { EnqueueStandIn } from '../hooks/hooked-mailer.service.js';
import { checkJobId, checkJobOptions } from '../../queue/enqueue-options.js';
import type { MailerTestingStore } from './mailer-testing.store.js';
import { toSentMail } from './sent-mail.js';

/**
 * @internal What `MailerService.enqueue` uses under `MailerTestingModule`. It runs the outbox's own composer
 * (imported without BullMQ) and the same option checks, so a message the outbox would refuse is refused here with the same
 * `SmtpError` and nothing is recorded; a message it would queue is recorded in the store at once, as if a worker
 * had sent it straight away.
 */
export class InMemoryOutbox implements EnqueueStandIn {
  /** What the composer needs, built once: one pool of random bytes for Message-IDs and boundaries, as an outbox keeps. */
  private readonly source;

  constructor(
    private readonly transport: MailTransport,
    private readonly store: MailerTestingStore,
    defaults: MailDefaults | undefined,
  ) {
    this.source = { transport, defaults, maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES, randomBytes: createRandomPool() };
  }

  /**
   * Resolves `{ jobId, messageId }` as `MailOutbox.enqueue` does; a `jobId` already recorded records nothing new
   * and resolves the first message's id.
   * @throws SmtpError as `MailOutbox.enqueue` for a bad message or bad options (ECONFIG, EENVELOPE, ETEMPLATE, ...).
   */
  async enqueue(message: SendableMessage, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    const jobId = checkJobId(options.jobId) ?? randomUUID();
    checkJobOptions(options);
    // Rendered here (composePayload then finds no template) only to record which template it came from.
    const { message: rendered, use } = await applyTemplate(message, this.transport.options.templates);
    const payload = await composePayload(rendered, this.source);
    // As BullMQ does: the first job with an id stays; checked after composing, where the outbox checks it too.
    const first = this.store.findJob(jobId);
    if (first) return { jobId, messageId: first.messageId };
    const { delay, priority } = options;
    const queued = { jobId, ...(delay !== undefined && { delay }), ...(priority !== undefined && { priority }) };
    // The worker's own reading of a payload, so the bytes recorded are the bytes a worker would send.
    const raw = payloadMessage(payload).raw as Buffer;
    this.store.record(toSentMail(raw, { envelope: payload.envelope, messageId: payload.messageId, ...(use && { template: use }), queued }));
    return { jobId, messageId: payload.messageId };
  }
}
