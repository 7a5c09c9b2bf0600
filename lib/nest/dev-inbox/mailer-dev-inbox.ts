/** MailerDevInbox: finds the named mailer's memory:// store at startup and holds the inbox handler over it. */
import { Inject, Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SmtpError } from '../../core/errors.js';
import { getDevStore } from '../../dev/create-mail-transport.js';
import { createInboxHandler, type InboxHandler } from '../../dev/inbox/inbox-handler.js';
import type { MailTransport } from '../../transport/mail-transport.js';
import { getMailerTransportToken } from '../mailer.constants.js';
import { MAILER_DEV_INBOX_OPTIONS } from './mailer-dev-inbox.constants.js';
import type { ResolvedDevInboxOptions } from './mailer-dev-inbox.options.js';

/**
 * @internal The inbox of one `MailerDevInboxModule`. The mailer's transport is looked up in `onModuleInit`, when
 * every provider of the application exists, with `strict: false`: `MailerModule` need not be global for the
 * inbox to find it.
 */
@Injectable()
export class MailerDevInbox implements OnModuleInit, BeforeApplicationShutdown {
  private handler: InboxHandler | undefined;

  constructor(
    @Inject(MAILER_DEV_INBOX_OPTIONS) private readonly options: ResolvedDevInboxOptions,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
  ) {}

  /**
   * Creates the handler over the mailer's store.
   * @throws SmtpError ECONFIG when the mailer is not registered, does not use `memory://`, or previews are set on
   * a mailer without templates.
   */
  onModuleInit(): void {
    const { mailer, path, previews } = this.options;
    const transport = this.findTransport(mailer);
    const store = getDevStore(transport);
    if (!store) {
      throw new SmtpError(
        'ECONFIG',
        `MailerDevInboxModule: mailer "${mailer}" uses ${transport.constructor.name}, not memory://, so it keeps no messages to show; `
          + `set its transport to 'memory://' (MAIL_URL=memory://) where the inbox is imported`,
      );
    }
    if (previews && !transport.options.templates) {
      throw new SmtpError('ECONFIG', `MailerDevInboxModule: previews need templates, and mailer "${mailer}" has none; set MailerModule.forRoot({ templates })`);
    }
    this.handler = createInboxHandler(store, {
      basePath: path,
      ...(previews && { previews: { templates: transport.options.templates!, examples: previews } }),
    });
  }

  /**
   * Ends the open event streams. Before shutdown, not on it: Nest closes the HTTP server between the two hooks,
   * and the server's close would wait for as long as an inbox tab stays open.
   */
  beforeApplicationShutdown(): void {
    this.handler?.close();
  }

  /** Serves the request when it is under the inbox's path; false otherwise (and before startup finished). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    return this.handler ? this.handler(req, res) : Promise.resolve(false);
  }

  private findTransport(mailer: string): MailTransport {
    try {
      return this.moduleRef.get<MailTransport>(getMailerTransportToken(mailer), { strict: false });
    } catch (err) {
      const registration = mailer === 'default' ? "MailerModule.forRoot({ transport: 'memory://' })" : `MailerModule.forRoot({ name: '${mailer}', transport: 'memory://' })`;
      throw new SmtpError('ECONFIG', `MailerDevInboxModule: no mailer "${mailer}" is registered; import ${registration}, or name another with the mailer option`, { cause: err });
    }
  }
}
