/** MailerTestingStore: the messages a testing mailer has "sent", composed and read back. */
import type { Envelope } from '../../core/envelope.js';
import type { ReadMessage } from '../../mime/read/read-message.js';
import type { TemplateUse } from '../../transport/template-renderer.js';

/** One message as the testing transport composed it, read back the way a mail client would. */
export interface SentMail extends ReadMessage {
  /** The SMTP envelope (bcc recipients included). */
  envelope: Envelope;
  /** The `Message-ID`, angle brackets included, as `sendMail` resolved it. */
  messageId: string;
  /** The whole composed message, as it would have been written after DATA. */
  raw: string;
  /** When the message was recorded. */
  sentAt: Date;
  /** The template the message was rendered from, with its context and the locale asked for. */
  template?: TemplateUse;
  /** Present when the message came through `enqueue`: its job and the options it was queued with. */
  queued?: QueuedMail;
}

/** How a message recorded through `enqueue` was queued. */
export interface QueuedMail {
  /** The job's id, as `enqueue` resolved it. */
  jobId: string;
  /** The `delay` given to `enqueue`, in milliseconds. */
  delay?: number;
  /** The `priority` given to `enqueue`. */
  priority?: number;
}

/**
 * What a mailer registered with `MailerTestingModule` has sent, oldest first. A message given to `enqueue` is
 * recorded here at once, as if a worker had sent it straight away, with `queued` set. Injected by type for the
 * default mailer, or with `getMailerTestingStoreToken(name)` for a named one.
 *
 * @example
 * const store = moduleRef.get(MailerTestingStore);
 * expect(store.sent[0].subject).toBe('Welcome');
 */
export class MailerTestingStore {
  /** Messages in the order they were sent. */
  readonly sent: SentMail[] = [];

  /** The most recent message, if any. */
  get last(): SentMail | undefined {
    return this.sent[this.sent.length - 1];
  }

  /** The message recorded for a job id given to (or returned by) `enqueue`, if any. */
  findJob(jobId: string): SentMail | undefined {
    return this.sent.find((mail) => mail.queued?.jobId === jobId);
  }

  /** Forgets every recorded message (and so every job id: enqueueing one again records it again). */
  clear(): void {
    this.sent.length = 0;
  }

  /** @internal Called by the in-memory transport. */
  record(mail: SentMail): void {
    this.sent.push(mail);
  }
}
