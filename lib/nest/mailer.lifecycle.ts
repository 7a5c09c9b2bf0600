/** MailerLifecycle: verifies a mailer's transport at startup when asked, and closes it at shutdown. */
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SmtpError } from '../core/errors.js';
import type { MailTransport } from '../transport/mail-transport.js';
import type { MailOutbox } from '../queue/mail-outbox.js';
import type { MailerSendHooks } from './hooks/mailer-send-hooks.js';

/**
 * @internal One per mailer. A provider of its own, rather than hooks on `MailerService`, so that a test
 * overriding `MailerService` still gets the transport closed.
 */
export class MailerLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly transport: MailTransport,
    private readonly mailerName: string,
    private readonly verifyOnBootstrap: boolean,
    private readonly outbox: MailOutbox | null = null,
    /** Its outcome hooks for queued jobs, waited for once the outbox's workers have stopped. */
    private readonly hooks: MailerSendHooks | null = null,
  ) {}

  /**
   * Runs during `app.init()`, before any `onApplicationBootstrap`, so that code sending mail at bootstrap
   * already has a verified transport.
   * @throws SmtpError the transport's error, its message prefixed with the mailer's name.
   */
  async onModuleInit(): Promise<void> {
    try {
      await this.transport.compileTemplates();
    } catch (err) {
      await this.release();
      throw describeStartupFailure(this.mailerName, 'templates', err);
    }
    if (!this.verifyOnBootstrap) return;
    try {
      await this.transport.verify();
    } catch (err) {
      // Nest runs no shutdown hook when startup fails, so release the transport here.
      await this.release();
      throw describeStartupFailure(this.mailerName, 'verifyOnBootstrap', err);
    }
  }

  /**
   * The outbox's workers first (sends under way finish and record their outcome; no job starts), then the
   * outcome hooks those sends started, then the transport, whose `close()` is graceful: queued and in-flight
   * messages are delivered before the connections QUIT.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.outbox?.close();
    await this.hooks?.settled();
    await this.transport.close();
  }

  private async release(): Promise<void> {
    await this.outbox?.close();
    await this.transport.close().catch(() => undefined);
  }
}

function describeStartupFailure(mailerName: string, step: string, err: unknown): unknown {
  if (!(err instanceof SmtpError)) return err;
  return err.with({ message: `mailer "${mailerName}": ${step} failed: ${err.message}`, cause: err });
}
