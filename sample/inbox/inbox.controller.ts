/** InboxController: the inbox page (`GET /`) and its JSON (`GET /messages`, `GET /messages/:id`). */
import { Controller, Get, Header, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DevInbox } from './dev-inbox.js';
import type { InboxMessage, InboxSummary } from './dev-inbox.js';
import { renderInboxPage } from './inbox.page.js';

/** The part of Express's response the controller uses (the sample adds no @types package for it). */
interface Response {
  setHeader(name: string, value: string): unknown;
  type(contentType: string): Response;
  send(body: string | Buffer): unknown;
}

/** `GET /messages/:id`: the message without attachment bodies (those have their own URL). */
type MessageDetail = Omit<InboxMessage, 'attachments'> & {
  attachments: Array<{ filename: string; contentType: string; size: number; url: string }>;
};

@Controller()
export class InboxController {
  constructor(private readonly inbox: DevInbox) {}

  /** The page; `?id=` selects a message to show beside the list. */
  @Get()
  page(@Query('id') id: string | undefined, @Res() res: Response): void {
    // A fresh nonce per response: only the page's own script and style run (the mail's HTML cannot).
    const nonce = randomBytes(16).toString('base64');
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(
      renderInboxPage({
        nonce,
        messages: this.inbox.list(),
        selected: id === undefined ? undefined : this.inbox.find(id),
        embeddedUrl: this.inbox.smtpUrl,
        upstream: this.inbox.upstream,
      }),
    );
  }

  /** Newest first; empty when `MAIL_URL` is set (there is no embedded inbox). */
  @Get('messages')
  @Header('Cache-Control', 'no-store')
  list(): InboxSummary[] {
    return this.inbox.list();
  }

  @Get('messages/:id')
  @Header('Cache-Control', 'no-store')
  detail(@Param('id') id: string): MessageDetail {
    const message = this.findOr404(id);
    return {
      ...message,
      attachments: message.attachments.map(({ filename, contentType, size }, index) => ({
        filename,
        contentType,
        size,
        url: `/messages/${encodeURIComponent(id)}/attachments/${index}`,
      })),
    };
  }

  /** An attachment's bytes, always as a download: never rendered in the app's origin. */
  @Get('messages/:id/attachments/:index')
  attachment(@Param('id') id: string, @Param('index') index: string, @Res() res: Response): void {
    const attachment = this.findOr404(id).attachments[Number(index)];
    if (!attachment || !/^\d+$/.test(index)) throw new NotFoundException(`message ${id} has no attachment ${index}`);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`);
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('application/octet-stream').send(attachment.content);
  }

  private findOr404(id: string): InboxMessage {
    const message = this.inbox.find(id);
    if (!message) throw new NotFoundException(`no message ${id}`);
    return message;
  }
}
