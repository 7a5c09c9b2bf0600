/** The Nest layer's option and result types. */
export type {
  MailerOptions,
  MailerRegistration,
  MailerModuleOptions,
  MailerModuleAsyncOptions,
  MailerOptionsFactory,
} from './mailer-options.interface.js';
export type { MailerHealthCheckOptions, MailerHealthResult } from './health-options.interface.js';
