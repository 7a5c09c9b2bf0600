/** DevInbox: with no MAIL_URL, the package's dev SMTP receiver on a free loopback port, and its web inbox over what it received. */
import { Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createInboxHandler, MailerDevStore, startSmtpReceiver } from '../../lib/dev.js';
import type { InboxHandler, SmtpReceiver } from '../../lib/dev.js';
import { sampleTemplates } from '../mail/welcome.email.js';

/** Where the inbox is served. Not `/`: the sample's own routes (`/mail`, `/health`) live beside it. */
export const INBOX_PATH = '/__mail';

/** Only the newest messages are kept: the inbox is a development aid, not a mail store. */
const MAX_STORED_MESSAGES = 200;

/**
 * With no `MAIL_URL`, the sample sends over SMTP to its own receiver so that it works on a fresh machine: the
 * same `startSmtpReceiver` and inbox that `npx nestjs-smtp inbox` runs, here inside the app. The receiver offers
 * no STARTTLS and needs no AUTH; it listens on 127.0.0.1 only.
 */
export class DevInbox {
  private readonly logger = new Logger('DevInbox');

  private constructor(
    /** What the embedded receiver kept; undefined when `MAIL_URL` is set. */
    readonly store: MailerDevStore | undefined,
    private readonly receiver: SmtpReceiver | undefined,
    private readonly handler: InboxHandler | undefined,
    /** `MAIL_URL` without its password, when mail goes elsewhere. */
    readonly upstream: string | undefined,
  ) {}

  /** Starts the receiver on a free loopback port, and the inbox over its store (with the welcome template's preview). */
  static async start(): Promise<DevInbox> {
    const store = new MailerDevStore({ max: MAX_STORED_MESSAGES });
    const receiver = await startSmtpReceiver(store, { port: 0 });
    const handler = createInboxHandler(store, {
      basePath: INBOX_PATH,
      previews: { templates: sampleTemplates, examples: { welcome: { default: { name: 'Ann' } } } },
    });
    const inbox = new DevInbox(store, receiver, handler, undefined);
    inbox.logger.log(`embedded SMTP server on ${receiver.url} (MAIL_URL is not set); inbox at ${INBOX_PATH}/`);
    return inbox;
  }

  /** No receiver and no inbox: mail goes to `mailUrl`. */
  static forward(mailUrl: string): DevInbox {
    return new DevInbox(undefined, undefined, undefined, redactUrl(mailUrl));
  }

  /** Where the embedded receiver listens (`smtp://127.0.0.1:<port>`); undefined when `MAIL_URL` is set. */
  get smtpUrl(): string | undefined {
    return this.receiver?.url;
  }

  /** Serves a request under {@link INBOX_PATH}; false when it is not the inbox's, or there is no inbox. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    return this.handler ? this.handler(req, res) : Promise.resolve(false);
  }

  /**
   * Nest hook, run by `app.close()` before the HTTP server closes: an open inbox tab holds a live event stream,
   * which would keep that close waiting.
   */
  beforeApplicationShutdown(): void {
    this.handler?.close();
  }

  /**
   * Stops the receiver. `main.ts` calls it after `app.close()` resolved, that is after the mailer's transport
   * closed and delivered what was queued (a shutdown hook here could run before the mailer's).
   */
  async stop(): Promise<void> {
    this.handler?.close();
    await this.receiver?.close();
  }
}

/** `smtps://user:secret@host:465` to `smtps://user@host:465`: the page never shows a password. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(MAIL_URL is not a valid URL)';
  }
}
