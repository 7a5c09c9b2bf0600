/** The Nest layer's option and result types. */
export type {
  MailerOptions,
  MailerRegistration,
  MailerModuleOptions,
  MailerModuleAsyncOptions,
  MailerOptionsFactory,
} from './mailer-options.interface.js';
export type {
  MailerHealthCheckOptions,
  MailerHealthResult,
  MailerQueueHealthCheckOptions,
  MailerQueueCounts,
  MailerQueueHealthResult,
} from './health-options.interface.js';
