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
export type {
  MailerHooks,
  MailSentEvent,
  MailFailedEvent,
  DirectMailSentEvent,
  DirectMailFailedEvent,
  QueuedMailRef,
  QueuedMailSentEvent,
  QueuedMailFailedEvent,
  MailParkedEvent,
} from '../hooks/mailer-hooks.interface.js';
export type { MailerRegistryOptions } from '../registry/registry-options.interface.js';
