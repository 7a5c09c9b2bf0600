/** MailerOptionsFactory: the contract of `useClass` / `useExisting` in MailerModule.forRootAsync. */
import type { MailerOptions } from './mailer-options.interface.js';
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
    createMailerOptions(): MailerOptions | Promise<MailerOptions>;
}
