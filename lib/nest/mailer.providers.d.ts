import type { Provider } from '@nestjs/common';
import { SmtpError } from '../core/errors.js';
import { MailerService } from './mailer.service.js';
import type { MailerModuleAsyncOptions, MailerOptions } from './interfaces/mailer-options.interface.js';
/**
 * A copy of `err` whose message names the mailer, keeping its code (ECONFIG and friends), so that an app with
 * several mailers says which one is misconfigured.
 */
export declare function describeMailerError(mailerName: string, err: unknown, step?: string): SmtpError;
/**
 * Checks the shape the Nest layer owns (the engine checks each transport option itself).
 * @throws SmtpError ECONFIG naming the mailer and the option.
 */
export declare function checkMailerOptions(mailerName: string, options: unknown): MailerOptions;
/** The provider of the options given to `forRoot`. */
export declare function createOptionsValueProvider(mailerName: string, options: MailerOptions): Provider;
/** The provider (plus the factory class, for `useClass`) of the options `forRootAsync` produces. */
export declare function createAsyncOptionsProviders(mailerName: string, options: MailerModuleAsyncOptions): Provider[];
/**
 * The provider of a mailer's real SMTP transport, built from the options provider
 * (`getMailerModuleOptionsToken(name)`) that `forRoot` and `forRootAsync` each supply in their own way.
 */
export declare function createTransportProvider(mailerName: string): Provider;
/**
 * The providers every mailer has on top of its transport and options, keyed by tokens derived from its name:
 * resolved options, defaults, `MailerService` and the lifecycle hooks. The testing module reuses them over
 * its in-memory transport.
 */
export declare function createMailerProviders(mailerName?: string, verifyOnBootstrap?: boolean): Provider[];
/** The tokens a mailer module exports. */
export declare function getMailerExports(mailerName: string): Array<string | typeof MailerService>;
