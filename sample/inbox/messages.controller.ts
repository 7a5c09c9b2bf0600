/** MessagesController: `GET /messages` and `GET /messages/:id`, the sample's short JSON view of what the embedded server received. */
import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import type { CapturedMail } from '../../lib/dev.js';
import { DevInbox, INBOX_PATH } from './dev-inbox.js';

/** One line of `GET /messages`. */
export interface MessageSummary {
  id: string;
  /** The From header as sent (`"Ann" <ann@example.com>`). */
  from: string;
  /** Bare addresses of the To header. */
  to: string[];
  subject: string;
  /** When the embedded server received it (ISO 8601). */
  date: string;
  size: number;
}

/** `GET /messages/:id`: the message, attachment bodies left to the inbox's download URLs. */
export interface MessageDetail extends MessageSummary {
  cc: string[];
  envelope: { from: string; to: string[] };
  /** Header values as decoded; a repeated header keeps its last value. */
  headers: Record<string, string>;
  text?: string;
  html?: string;
  attachments: Array<{ filename: string; contentType: string; size: number; url: string }>;
}

function summary(mail: CapturedMail): MessageSummary {
  const from = mail.headers.from?.at(-1) ?? mail.from ?? mail.envelope.from;
  return { id: mail.id, from, to: mail.to, subject: mail.subject ?? '', date: mail.date.toISOString(), size: mail.size };
}

/**
 * A stable, small shape for scripts and the README's curl examples. The full view (search, previews, `.eml`)
 * is the package inbox's own JSON under `/__mail/api/`.
 */
@Controller('messages')
export class MessagesController {
  constructor(private readonly inbox: DevInbox) {}

  /** Newest first; empty when `MAIL_URL` is set (there is no embedded server). */
  @Get()
  @Header('Cache-Control', 'no-store')
  list(): MessageSummary[] {
    return (this.inbox.store?.list() ?? []).map(summary);
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  detail(@Param('id') id: string): MessageDetail {
    const mail = this.inbox.store?.get(id);
    if (!mail) throw new NotFoundException(`no message ${id}`);
    const detail: MessageDetail = {
      ...summary(mail),
      cc: mail.cc,
      envelope: { from: mail.envelope.from, to: [...mail.envelope.to] },
      headers: Object.fromEntries(Object.entries(mail.headers).map(([name, values]) => [name, values.at(-1) ?? ''])),
      attachments: mail.attachments.map((attachment, index) => ({
        filename: attachment.filename ?? `attachment-${index + 1}`,
        contentType: attachment.contentType,
        size: attachment.content.length,
        url: `${INBOX_PATH}/api/messages/${encodeURIComponent(mail.id)}/attachments/${index}`,
      })),
    };
    if (mail.text !== undefined) detail.text = mail.text;
    if (mail.html !== undefined) detail.html = mail.html;
    return detail;
  }
}
