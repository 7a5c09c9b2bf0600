/** MailerDevInboxModule: mounts the dev inbox (and template previews) over a memory:// mailer, or a given store, in a Nest app. */
import { Inject, Module, RequestMethod } from '@nestjs/common';
import type { DynamicModule, MiddlewareConsumer, NestModule } from '@nestjs/common';
import type { MailerDevInboxModuleOptions } from './dev-inbox-options.interface.js';
import { MAILER_DEV_INBOX_OPTIONS } from './mailer-dev-inbox.constants.js';
import { MailerDevInbox } from './mailer-dev-inbox.js';
import { MailerDevInboxMiddleware } from './mailer-dev-inbox.middleware.js';
import { resolveDevInboxOptions, type ResolvedDevInboxOptions } from './mailer-dev-inbox.options.js';

/**
 * Serves the development inbox at `path` (default `/__mail`): the messages a `memory://` mailer kept (or those
 * of a `store` given to it, such as one an SMTP receiver fills), newest first and live, each with its HTML in a
 * sandboxed frame, text, attachments and `.eml`; plus template previews. It refuses to start under
 * `NODE_ENV=production` unless `allowInProduction: true`.
 *
 * @example
 * @Module({
 *   imports: [
 *     MailerModule.forRoot({ transport: process.env.MAIL_URL ?? 'memory://', templates }),
 *     ...(process.env.NODE_ENV === 'production' ? [] : [MailerDevInboxModule.forRoot({ previews: { welcome: { default: { name: 'Ann' } } } })]),
 *   ],
 * })
 * export class AppModule {}
 */
@Module({})
export class MailerDevInboxModule implements NestModule {
  /** @internal Built by Nest, with the options `forRoot` checked. */
  constructor(@Inject(MAILER_DEV_INBOX_OPTIONS) private readonly options: ResolvedDevInboxOptions) {}

  /**
   * Registers the inbox. The options are checked when the application's providers are built (so under
   * `NestFactory.create`), the mailer's store is looked up when the modules initialise.
   * @throws SmtpError ECONFIG at startup under `NODE_ENV=production` without `allowInProduction: true`, for
   * `mailer` and `store` given together, a mailer that is not registered or not `memory://`, or previews without
   * templates (on the mailer or in the options).
   */
  static forRoot<Templates extends object = Record<string, unknown>>(options: MailerDevInboxModuleOptions<Templates> = {}): DynamicModule {
    return {
      module: MailerDevInboxModule,
      providers: [
        // Read when the providers are built, not when this module file loads: ConfigModule may set NODE_ENV first.
        { provide: MAILER_DEV_INBOX_OPTIONS, useFactory: () => resolveDevInboxOptions(options, process.env.NODE_ENV) },
        MailerDevInbox,
        MailerDevInboxMiddleware,
      ],
    };
  }

  /** Routes the inbox's path, and everything under it, through the middleware. */
  configure(consumer: MiddlewareConsumer): void {
    const path = this.options.path === '/' ? '' : this.options.path;
    consumer.apply(MailerDevInboxMiddleware).forRoutes({ path: path || '/', method: RequestMethod.ALL }, { path: `${path}/{*rest}`, method: RequestMethod.ALL });
  }
}
