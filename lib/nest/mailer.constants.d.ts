import { MailerService } from './mailer.service.js';
/** The name of the mailer registered without a `name`. */
export declare const DEFAULT_MAILER_NAME = "default";
/** The default mailer's transport options, as resolved by the engine (URL parsed, defaults filled in, frozen). */
export declare const MAILER_OPTIONS = "nestjs-smtp:MAILER_OPTIONS";
/** The default mailer's message defaults (`defaults` of `forRoot`; `{}` when none were given). */
export declare const MAILER_DEFAULTS = "nestjs-smtp:MAILER_DEFAULTS";
/** The default mailer's `SmtpTransport`. */
export declare const MAILER_TRANSPORT = "nestjs-smtp:MAILER_TRANSPORT";
/** @internal The options object given to `forRoot` or returned by the `forRootAsync` factory, unvalidated. */
export declare const MAILER_MODULE_OPTIONS = "nestjs-smtp:MAILER_MODULE_OPTIONS";
/** @internal The provider that verifies on startup and closes the transport on shutdown. */
export declare const MAILER_LIFECYCLE = "nestjs-smtp:MAILER_LIFECYCLE";
/** True when `name` designates the mailer registered without a name. */
export declare function isDefaultMailer(name?: string): boolean;
/**
 * The mailer name a module registers under: `'default'` when none is given.
 * @throws SmtpError ECONFIG for a name that cannot be part of a token.
 */
export declare function checkMailerName(name: unknown): string;
/**
 * The token of a mailer's `MailerService`: the `MailerService` class for the default mailer,
 * `'MailerService:<name>'` for a named one.
 */
export declare function getMailerToken(name?: string): typeof MailerService | string;
/** The token of a mailer's resolved transport options (`MAILER_OPTIONS` for the default mailer). */
export declare function getMailerOptionsToken(name?: string): string;
/** The token of a mailer's message defaults (`MAILER_DEFAULTS` for the default mailer). */
export declare function getMailerDefaultsToken(name?: string): string;
/** The token of a mailer's `SmtpTransport` (`MAILER_TRANSPORT` for the default mailer). */
export declare function getMailerTransportToken(name?: string): string;
/** @internal */
export declare function getMailerModuleOptionsToken(name?: string): string;
/** @internal */
export declare function getMailerLifecycleToken(name?: string): string;
