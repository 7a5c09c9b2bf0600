/** The main entry: the engine, plus the Nest layer (MailerModule and friends). */
export * from './engine.js';

export { MailerModule } from './nest/mailer.module.js';
export { MailerService } from './nest/mailer.service.js';
export { InjectMailer } from './nest/mailer.decorators.js';
export { MailerHealthIndicator, DEFAULT_HEALTH_TIMEOUT_MS } from './nest/mailer.health.js';
export { MailerRegistry, getMailerRegistryToken } from './nest/registry/mailer-registry.js';
export { MAIL_SENT_EVENT, MAIL_FAILED_EVENT, MAIL_PARKED_EVENT } from './nest/hooks/mail-events.js';
export {
  DEFAULT_MAILER_NAME,
  MAILER_OPTIONS,
  MAILER_DEFAULTS,
  MAILER_TRANSPORT,
  MAILER_OUTBOX,
  getMailerToken,
  getMailerOutboxToken,
  getMailerOptionsToken,
  getMailerDefaultsToken,
  getMailerTransportToken,
} from './nest/mailer.constants.js';
export type { MailTransportOptions } from './dev/transport-url.js';
// Every option, hook and result type of the Nest layer, listed once in its own index.
export type * from './nest/interfaces/index.js';
export { MailerDevInboxModule } from './nest/dev-inbox/mailer-dev-inbox.module.js';
export type { MailerDevInboxModuleOptions } from './nest/dev-inbox/dev-inbox-options.interface.js';

// The outbox (BullMQ + Redis): bullmq is loaded only when an outbox is created.
export { MailOutbox } from './queue/mail-outbox.js';
export type {
  MailOutboxSetup,
  EnqueueOptions,
  EnqueueResult,
  OutboxJobState,
  OutboxJobStatus,
  OutboxCounts,
} from './queue/mail-outbox.js';
export type {
  OutboxOptions,
  OutboxConnection,
  OutboxRedisOptions,
  OutboxBackoff,
  OutboxLimiter,
  ResolvedOutboxOptions,
} from './queue/outbox-options.js';
export type { OutboxEvents, OutboxJobRef, OutboxCompletedEvent, OutboxFailureEvent, OutboxParkedEvent } from './queue/outbox-events.js';
export type { DeliveryRecord, DeliveryStage, AcceptedInfo } from './queue/delivery-record.js';
export type { StoredSmtpError } from './queue/job-error.js';
