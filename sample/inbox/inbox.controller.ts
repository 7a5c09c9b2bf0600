/** InboxController: `GET /` opens the inbox, or says where mail goes when MAIL_URL is set. */
import { Controller, Get, Res } from '@nestjs/common';
import { DevInbox, INBOX_PATH } from './dev-inbox.js';

/** The part of Express's response the controller uses (the sample adds no @types package for it). */
interface Response {
  setHeader(name: string, value: string): unknown;
  redirect(status: number, url: string): unknown;
  type(contentType: string): Response;
  send(body: string): unknown;
}

/** Escapes text for HTML content. */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

@Controller()
export class InboxController {
  constructor(private readonly inbox: DevInbox) {}

  @Get()
  home(@Res() res: Response): void {
    if (this.inbox.smtpUrl) {
      res.redirect(302, `${INBOX_PATH}/`);
      return;
    }
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>nestjs-smtp sample</title></head><body>'
        + `<h1>nestjs-smtp sample</h1><p id="where"><code>MAIL_URL</code> is set: mail goes to <code>${escapeHtml(this.inbox.upstream ?? '')}</code>. `
        + 'There is no embedded SMTP server, so there is no inbox. Send with <code>POST /mail</code>.</p></body></html>',
    );
  }
}
