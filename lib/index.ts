/** The main entry: the engine, plus the Nest layer (MailerModule and friends). */
export * from './engine.js';

export { MailerModule } from './nest/mailer.module.js';
export { MailerService } from './nest/mailer.service.js';
export { InjectMailer } from './nest/mailer.decorators.js';
export { MailerHealthIndicator, DEFAULT_HEALTH_TIMEOUT_MS } from './nest/mailer.health.js';
export { MailerRegistry, getMailerRegistryToken } from './nest/registry/mailer-registry.js';
export { MAIL_SENT_EVENT, MAIL_FAILED_EVENT } from './nest/hooks/mail-events.js';
export {
  DEFAULT_MAILER_NAME,
  MAILER_OPTIONS,
  MAILER_DEFAULTS,
  MAILER_TRANSPORT,
  getMailerToken,
  getMailerOptionsToken,
  getMailerDefaultsToken,
  getMailerTransportToken,
} from './nest/mailer.constants.js';
export type { MailTransportOptions } from './dev/transport-url.js';
export type {
  MailerOptions,
  MailerRegistration,
  MailerModuleOptions,
  MailerModuleAsyncOptions,
  MailerOptionsFactory,
  MailerHealthCheckOptions,
  MailerHealthResult,
  MailerHooks,
  MailSentEvent,
  MailFailedEvent,
  MailerRegistryOptions,
} from './nest/interfaces/index.js';
export { MailerDevInboxModule } from './nest/dev-inbox/mailer-dev-inbox.module.js';
export type { MailerDevInboxModuleOptions } from './nest/dev-inbox/dev-inbox-options.interface.js';
