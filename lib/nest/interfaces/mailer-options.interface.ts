/** The options of MailerModule.forRoot and forRootAsync, and the contract of a `useClass` / `useExisting` factory. */
import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency, Type } from '@nestjs/common';
import type { MailDefaults } from '../../mime/message.interface.js';
import type { TemplateRenderer } from '../../transport/template-renderer.js';
import type { MailTransportOptions } from '../../dev/transport-url.js';
import type { FailoverOptions } from '../../transport/failover-options.js';
import type { MailerHooks } from '../hooks/mailer-hooks.interface.js';
import type { MailerRegistryOptions } from '../registry/registry-options.interface.js';
import type { OutboxOptions } from '../../queue/outbox-options.js';

/** What configures one mailer's transport: the part a `forRootAsync` factory returns. */
export interface MailerOptions {
  /**
   * Transport options, or a URL: `smtps://user:pass@mail.example.com` sends over SMTP; `memory://`,
   * `file:///var/mail/out` and `log://` keep, write or log messages instead (see `nestjs-smtp/dev`). A list is a
   * primary and its backups, behind one failover transport (see `failover`).
   */
  transport: MailTransportOptions | string | Array<MailTransportOptions | string>;
  /**
   * With a list of transports: the strategy, cool-down and refusal rule of the failover transport over them
   * (see `FailoverOptions`). Refused with a single transport.
   */
  failover?: FailoverOptions;
  /**
   * Functions run around each `sendMail` and each queued message: change or refuse a message (at `enqueue` for
   * queued mail), observe results and failures (for queued mail, in the process whose worker sent it).
   */
  hooks?: MailerHooks;
  /**
   * Emit `mail.sent`, `mail.failed` and `mail.parked` through `@nestjs/event-emitter`. Left out: emitted when the application has
   * `EventEmitterModule.forRoot()`, silently skipped otherwise; `true`: required (startup fails, naming the package,
   * without it); `false`: never.
   */
  events?: boolean;
  /** Bounds of this mailer's `MailerRegistry` of tenant mailers. */
  registry?: MailerRegistryOptions;
  /** Message fields applied under every message (`from`, `replyTo`, `headers`, ...). */
  defaults?: MailDefaults;
  /**
   * Named templates for `sendMail({ template, context, locale })`, compiled when the module initialises so that
   * a missing file or a syntax error stops the application from starting. See `nestjs-smtp/templates`.
   */
  templates?: TemplateRenderer<object>;
  /**
   * Run `verify()` when the module initialises; a failure stops the application from starting with the
   * transport's `SmtpError`. When given both here and on the registration, this one wins.
   * @defaultValue false
   */
  verifyOnBootstrap?: boolean;
  /**
   * A durable outbox on BullMQ + Redis for `MailerService.enqueue`: `{ connection, name?, concurrency?, attempts?,
   * backoff?, limiter?, worker? }` and more (see `OutboxOptions`). Needs the packages `bullmq` and `ioredis`,
   * loaded only when this is set. Workers close with the application: sends under way finish, nothing new starts.
   */
  queue?: OutboxOptions;
}

/** How a mailer is registered: fields that must be known before any provider runs. */
export interface MailerRegistration {
  /**
   * Registers a named mailer, injected with `@InjectMailer(name)`. Tokens derive from it, which is why it
   * sits outside the factory. @defaultValue 'default'
   */
  name?: string;
  /** Make the mailer's providers visible in every module. @defaultValue false */
  isGlobal?: boolean;
  /** See {@link MailerOptions.verifyOnBootstrap}. @defaultValue false */
  verifyOnBootstrap?: boolean;
}

/** The argument of `MailerModule.forRoot`. */
export interface MailerModuleOptions extends MailerOptions, MailerRegistration {}

/**
 * Implemented by a class named in `forRootAsync({ useClass })` or `forRootAsync({ useExisting })`.
 *
 * @example
 * @Injectable()
 * class MailConfig implements MailerOptionsFactory {
 *   constructor(private readonly config: ConfigService) {}
 *   createMailerOptions() { return { transport: this.config.getOrThrow('MAIL_URL') }; }
 * }
 */
export interface MailerOptionsFactory {
  /** Returns (or resolves) the mailer's options; called once, when the module initialises. */
  createMailerOptions(): MailerOptions | Promise<MailerOptions>;
}

/** The argument of `MailerModule.forRootAsync`: exactly one of `useFactory`, `useClass`, `useExisting`. */
export interface MailerModuleAsyncOptions extends MailerRegistration, Pick<ModuleMetadata, 'imports'> {
  /** Providers passed to `useFactory`, in order. */
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  // `any[]` as in Nest's own async options: a factory takes its injected providers typed (`(config: ConfigService)`),
  // which `unknown[]` would refuse under strictFunctionTypes.
  /** Returns (or resolves) the options, called with the `inject` providers in order. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory?: (...args: any[]) => MailerOptions | Promise<MailerOptions>;
  /** A class the module instantiates, whose `createMailerOptions()` gives the options. */
  useClass?: Type<MailerOptionsFactory>;
  /** An existing provider (from `imports` or a global module) whose `createMailerOptions()` gives the options. */
  useExisting?: Type<MailerOptionsFactory>;
  /** Extra providers made available to the factory class. */
  extraProviders?: ModuleMetadata['providers'];
}
