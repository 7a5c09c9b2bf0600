/** AppModule: configuration, the mailer (from MAIL_URL, or the embedded inbox), health, mail and inbox routes. */
import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { MailerModule } from '../lib/index.js';
import type { MailerOptions } from '../lib/index.js';
import { HealthModule } from './health/health.module.js';
import { DevInbox } from './inbox/dev-inbox.js';
import { InboxModule } from './inbox/inbox.module.js';
import { MailController } from './mail/mail.controller.js';
import { sampleTemplates } from './mail/welcome.email.js';

/** Used when MAIL_FROM is unset. */
export const DEFAULT_MAIL_FROM = 'nestjs-smtp sample <sample@example.com>';

/** Built once: the mailer's factory below reads the embedded server's URL from this very module. */
const inboxModule = InboxModule.register();

@Module({
  imports: [
    // Reads .env if present; the environment wins.
    ConfigModule.forRoot({ isGlobal: true }),
    inboxModule,
    // In your app: import { MailerModule } from 'nestjs-smtp'.
    MailerModule.forRootAsync({
      isGlobal: true,
      imports: [inboxModule],
      inject: [ConfigService, DevInbox],
      useFactory: (config: ConfigService, inbox: DevInbox): MailerOptions => ({
        transport: config.get<string>('MAIL_URL') || inbox.smtpUrl!,
        defaults: { from: config.get<string>('MAIL_FROM') || DEFAULT_MAIL_FROM },
        templates: sampleTemplates,
      }),
    }),
    HealthModule,
  ],
  controllers: [MailController],
})
export class AppModule {}
