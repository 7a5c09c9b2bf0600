/** The `nestjs-smtp/testing` entry: MailerTestingModule and its store, for unit tests without an SMTP server. */
export {
  MailerTestingModule,
  getMailerTestingStoreToken,
} from './nest/testing/mailer-testing.module.js';
export type { MailerTestingModuleOptions } from './nest/testing/mailer-testing.module.js';
export { MailerTestingStore } from './nest/testing/mailer-testing.store.js';
export type { SentMail, QueuedMail } from './nest/testing/mailer-testing.store.js';
export type { ReadAttachment } from './mime/read/read-message.js';
