import type { DynamicModule } from '@nestjs/common';
import type { MailerModuleAsyncOptions, MailerModuleOptions } from './interfaces/mailer-options.interface.js';
/**
 * Registers a mailer: its `MailerService`, `MAILER_OPTIONS`, `MAILER_DEFAULTS`, `MAILER_TRANSPORT` and
 * `MailerHealthIndicator`. Call it once per mailer; give every mailer but one a `name`.
 *
 * The dynamic modules are written by hand rather than with `ConfigurableModuleBuilder`: that builder gives
 * every registration the same options token, while each named mailer needs its own set of tokens, derived
 * from a `name` known before any factory runs.
 *
 * @example
 * MailerModule.forRoot({ transport: 'smtps://user:pass@mail.example.com', defaults: { from: 'app@example.com' } })
 */
export declare class MailerModule {
    /**
     * Registers a mailer from static options.
     * @throws SmtpError ECONFIG at startup (when the providers are built) for bad options, naming the mailer.
     */
    static forRoot(options: MailerModuleOptions): DynamicModule;
    /**
     * Registers a mailer whose options come from `useFactory` (with `inject`), or from the
     * `createMailerOptions()` of a `useClass` / `useExisting` class.
     * @throws SmtpError ECONFIG at startup when the factory throws or returns bad options, naming the mailer.
     */
    static forRootAsync(options: MailerModuleAsyncOptions): DynamicModule;
}
