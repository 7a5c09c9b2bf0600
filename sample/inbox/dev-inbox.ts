/** DevInbox: with no MAIL_URL, the package's dev SMTP receiver on a free loopback port, filling the store the inbox shows. */
import { Logger } from '@nestjs/common';
import { startSmtpReceiver } from '../../lib/dev.js';
import type { MailerDevStore, SmtpReceiver } from '../../lib/dev.js';

/** Where the inbox is served. Not `/`: the sample's own routes (`/mail`, `/health`) live beside it. */
export const INBOX_PATH = '/__mail';

/**
 * With no `MAIL_URL`, the sample sends over SMTP to its own receiver so that it works on a fresh machine: the
 * same `startSmtpReceiver` that `npx nestjs-smtp inbox` runs, here inside the app, filling the store that
 * `MailerDevInboxModule` shows. The receiver offers no STARTTLS and needs no AUTH; it listens on 127.0.0.1 only.
 */
export class DevInbox {
  private readonly logger = new Logger('DevInbox');

  private constructor(
    /** What the embedded receiver kept; undefined when `MAIL_URL` is set. */
    readonly store: MailerDevStore | undefined,
    private readonly receiver: SmtpReceiver | undefined,
    /** `MAIL_URL` without its password, when mail goes elsewhere. */
    readonly upstream: string | undefined,
  ) {}

  /** Starts the receiver on a free loopback port, keeping what it receives in `store`. */
  static async start(store: MailerDevStore): Promise<DevInbox> {
    const receiver = await startSmtpReceiver(store, { port: 0 });
    const inbox = new DevInbox(store, receiver, undefined);
    inbox.logger.log(`embedded SMTP server on ${receiver.url} (MAIL_URL is not set); inbox at ${INBOX_PATH}/`);
    return inbox;
  }

  /** No receiver: mail goes to `mailUrl`. */
  static forward(mailUrl: string): DevInbox {
    return new DevInbox(undefined, undefined, redactUrl(mailUrl));
  }

  /** Where the embedded receiver listens (`smtp://127.0.0.1:<port>`); undefined when `MAIL_URL` is set. */
  get smtpUrl(): string | undefined {
    return this.receiver?.url;
  }

  /**
   * Stops the receiver. `main.ts` calls it after `app.close()` resolved, that is after the mailer's transport
   * closed and delivered what was queued (a shutdown hook here could run before the mailer's).
   */
  async stop(): Promise<void> {
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
