/** MailerDevInbox: finds the store to show at startup (a mailer's memory:// store, or the one given) and holds the inbox handler over it. */
import { Inject, Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ApplicationConfig, ModuleRef } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SmtpError } from '../../core/errors.js';
import { getDevStore } from '../../dev/create-mail-transport.js';
import { createInboxHandler, type InboxHandler } from '../../dev/inbox/inbox-handler.js';
import type { MailerDevStore } from '../../dev/mailer-dev-store.js';
import type { MailTransport } from '../../transport/mail-transport.js';
import type { TemplateRenderer } from '../../transport/template-renderer.js';
import { getMailerTransportToken } from '../mailer.constants.js';
import { MAILER_DEV_INBOX_OPTIONS } from './mailer-dev-inbox.constants.js';
import type { ResolvedDevInboxOptions } from './mailer-dev-inbox.options.js';

/**
 * @internal The inbox of one `MailerDevInboxModule`. The mailer's transport is looked up in `onModuleInit`, when
 * every provider of the application exists, with `strict: false`: `MailerModule` need not be global for the
 * inbox to find it. With a `store` option no mailer is looked up at all.
 *
 * Nest mounts middleware under the app's global prefix unless the app excludes the path from it, so the inbox
 * answers at `/<prefix><path>` or, excluded, at `<path>`: one handler for each, over the same store, each writing
 * the links of its own pages. The prefix is read in `onModuleInit`, after `main.ts` set it and before requests.
 */
@Injectable()
export class MailerDevInbox implements OnModuleInit, BeforeApplicationShutdown {
  /** Under the global prefix first: with the inbox at the root, the unprefixed handler would take every path. */
  private handlers: InboxHandler[] = [];

  constructor(
    @Inject(MAILER_DEV_INBOX_OPTIONS) private readonly options: ResolvedDevInboxOptions,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(ApplicationConfig) private readonly appConfig: ApplicationConfig,
  ) {}

  /**
   * Creates the handler over the store.
   * @throws SmtpError ECONFIG when the mailer is not registered or does not use `memory://`, or previews are set
   * without templates (on the mailer or in the options).
   */
  onModuleInit(): void {
    const { path, previews, source } = this.options;
    const { store, templates, noTemplates } = source.kind === 'store'
      ? { store: source.store, templates: this.options.templates, noTemplates: 'a store brings none; set the templates option' }
      : this.readMailer(source.mailer);
    if (previews && !templates) throw new SmtpError('ECONFIG', `MailerDevInboxModule: previews need templates, and ${noTemplates}`);
    const previewOptions = previews && templates && { previews: { templates, examples: previews } };
    const prefix = globalPrefixPath(this.appConfig.getGlobalPrefix());
    const bases = prefix ? [`${prefix}${path}`, path] : [path];
    this.handlers = bases.map((basePath) => createInboxHandler(store, { basePath, ...previewOptions }));
  }

  /**
   * Ends the open event streams. Before shutdown, not on it: Nest closes the HTTP server between the two hooks,
   * and the server's close would wait for as long as an inbox tab stays open.
   */
  beforeApplicationShutdown(): void {
    for (const handler of this.handlers) handler.close();
  }

  /** Serves the request when it is under the inbox's path; false otherwise (and before startup finished). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    for (const handler of this.handlers) {
      if (await handler(req, res)) return true;
    }
    return false;
  }

  /** The mailer's store, the templates previews use (the module's own option first), and what to say without any. */
  private readMailer(mailer: string): { store: MailerDevStore; templates: TemplateRenderer<object> | undefined; noTemplates: string } {
    const transport = this.findTransport(mailer);
    const store = getDevStore(transport);
    if (!store) {
      throw new SmtpError(
        'ECONFIG',
        `MailerDevInboxModule: mailer "${mailer}" uses ${transport.constructor.name}, not memory://, so it keeps no messages to show; `
          + `set its transport to 'memory://' (MAIL_URL=memory://) where the inbox is imported, or pass the store of your own receiver with the store option`,
      );
    }
    return { store, templates: this.options.templates ?? transport.options.templates, noTemplates: `mailer "${mailer}" has none; set MailerModule.forRoot({ templates }) or the templates option` };
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

/**
 * `'api'`, `'/api'` and `'/api/'` as the path `/api`; `''` without a prefix, and for a prefix with route
 * parameters or other characters an inbox path may not have (the inbox then answers only where it is excluded).
 */
function globalPrefixPath(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return /^[\w.~/-]+$/.test(trimmed) && !trimmed.includes('//') ? `/${trimmed}` : '';
}
