/**
 * DI tokens of the Nest layer, and one helper per token that derives a named mailer's token from its name.
 * Their values carry the package name, so they cannot clash with another mailer module's string tokens.
 */
import { SmtpError } from '../core/errors.js';
import { MailerService } from './mailer.service.js';

/** The name of the mailer registered without a `name`. */
export const DEFAULT_MAILER_NAME = 'default';

/** The default mailer's transport options, as resolved by the engine (URL parsed, defaults filled in, frozen). */
export const MAILER_OPTIONS = 'nestjs-smtp:MAILER_OPTIONS';
/** The default mailer's message defaults (`defaults` of `forRoot`; `{}` when none were given). */
export const MAILER_DEFAULTS = 'nestjs-smtp:MAILER_DEFAULTS';
/** The default mailer's `SmtpTransport`. */
export const MAILER_TRANSPORT = 'nestjs-smtp:MAILER_TRANSPORT';
/** The default mailer's `MailOutbox` (`null` when the mailer has no `queue` option). */
export const MAILER_OUTBOX = 'nestjs-smtp:MAILER_OUTBOX';
/** @internal The options object given to `forRoot` or returned by the `forRootAsync` factory, unvalidated. */
export const MAILER_MODULE_OPTIONS = 'nestjs-smtp:MAILER_MODULE_OPTIONS';
/** @internal The provider that verifies on startup and closes the transport on shutdown. */
export const MAILER_LIFECYCLE = 'nestjs-smtp:MAILER_LIFECYCLE';

/** True when `name` designates the mailer registered without a name. */
export function isDefaultMailer(name?: string): boolean {
  return name === undefined || name === DEFAULT_MAILER_NAME;
}

/**
 * The mailer name a module registers under: `'default'` when none is given.
 * @throws SmtpError ECONFIG for a name that cannot be part of a token.
 */
export function checkMailerName(name: unknown): string {
  if (name === undefined) return DEFAULT_MAILER_NAME;
  if (typeof name !== 'string' || !/^[\w.-]+$/.test(name)) {
    throw new SmtpError('ECONFIG', `invalid mailer name ${JSON.stringify(name)}: use letters, digits, ".", "_" or "-"`);
  }
  return name;
}

function named(base: string, name?: string): string {
  return isDefaultMailer(name) ? base : `${base}:${name}`;
}

/**
 * The token of a mailer's `MailerService`: the `MailerService` class for the default mailer,
 * `'MailerService:<name>'` for a named one.
 */
export function getMailerToken(name?: string): typeof MailerService | string {
  return isDefaultMailer(name) ? MailerService : `MailerService:${name}`;
}

/** The token of a mailer's resolved transport options (`MAILER_OPTIONS` for the default mailer). */
export function getMailerOptionsToken(name?: string): string {
  return named(MAILER_OPTIONS, name);
}

/** The token of a mailer's message defaults (`MAILER_DEFAULTS` for the default mailer). */
export function getMailerDefaultsToken(name?: string): string {
  return named(MAILER_DEFAULTS, name);
}

/** The token of a mailer's `SmtpTransport` (`MAILER_TRANSPORT` for the default mailer). */
export function getMailerTransportToken(name?: string): string {
  return named(MAILER_TRANSPORT, name);
}

/** The token of a mailer's `MailOutbox`, `null` without the `queue` option (`MAILER_OUTBOX` for the default mailer). */
export function getMailerOutboxToken(name?: string): string {
  return named(MAILER_OUTBOX, name);
}

/** @internal */
export function getMailerModuleOptionsToken(name?: string): string {
  return named(MAILER_MODULE_OPTIONS, name);
}

/** @internal The token of what `enqueue` uses when the mailer has no outbox (`MailerTestingModule` provides it). */
export function getMailerEnqueueStandInToken(name?: string): string {
  return named('nestjs-smtp:MAILER_ENQUEUE_STAND_IN', name);
}

/** @internal */
export function getMailerLifecycleToken(name?: string): string {
  return named(MAILER_LIFECYCLE, name);
}
