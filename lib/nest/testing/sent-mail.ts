/** Builds what a testing store records from a composed message: its bytes read back the way a mail client would. */
import type { Envelope } from '../../core/envelope.js';
import { readMessage } from '../../mime/read/read-message.js';
import type { TemplateUse } from '../../transport/template-renderer.js';
import type { QueuedMail, SentMail } from './mailer-testing.store.js';

/** What is known of a composed message besides its bytes. */
export interface ComposedMail {
  envelope: Envelope;
  /** With angle brackets. */
  messageId: string;
  template?: TemplateUse;
  queued?: QueuedMail;
}

/** @internal The store's record of `raw`, parsed back; `read` when the caller already parsed it. */
export function toSentMail(raw: Buffer, composed: ComposedMail, read = readMessage(raw)): SentMail {
  return {
    envelope: { from: composed.envelope.from, to: [...composed.envelope.to] },
    messageId: composed.messageId,
    ...(read.from !== undefined && { from: read.from }),
    to: read.to,
    cc: read.cc,
    replyTo: read.replyTo,
    ...(read.subject !== undefined && { subject: read.subject }),
    ...(read.text !== undefined && { text: read.text }),
    ...(read.html !== undefined && { html: read.html }),
    attachments: read.attachments,
    headers: read.headers,
    raw: raw.toString('utf8'),
    ...(composed.template && { template: composed.template }),
    ...(composed.queued && { queued: composed.queued }),
    sentAt: new Date(),
  };
}
