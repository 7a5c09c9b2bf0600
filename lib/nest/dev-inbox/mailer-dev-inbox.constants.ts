/** The dev inbox module's DI token. */

/** @internal The options given to `MailerDevInboxModule.forRoot`, checked (production guard included). */
export const MAILER_DEV_INBOX_OPTIONS = 'nestjs-smtp:MAILER_DEV_INBOX_OPTIONS';
