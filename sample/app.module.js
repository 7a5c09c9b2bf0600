var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
/** AppModule: configuration, the mailer (from MAIL_URL, or the embedded inbox), health, mail and inbox routes. */
import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { MailerModule } from '../lib/index.js';
import { HealthModule } from './health/health.module.js';
import { DevInbox } from './inbox/dev-inbox.js';
import { InboxModule } from './inbox/inbox.module.js';
import { MailController } from './mail/mail.controller.js';
/** Used when MAIL_FROM is unset. */
export const DEFAULT_MAIL_FROM = 'nestjs-smtp sample <sample@example.com>';
let AppModule = class AppModule {
};
AppModule = __decorate([
    Module({
        imports: [
            // Reads .env if present; the environment wins.
            ConfigModule.forRoot({ isGlobal: true }),
            InboxModule,
            // In your app: import { MailerModule } from 'nestjs-smtp'.
            MailerModule.forRootAsync({
                isGlobal: true,
                imports: [InboxModule],
                inject: [ConfigService, DevInbox],
                useFactory: (config, inbox) => ({
                    transport: config.get('MAIL_URL') || inbox.smtpUrl,
                    defaults: { from: config.get('MAIL_FROM') || DEFAULT_MAIL_FROM },
                }),
            }),
            HealthModule,
        ],
        controllers: [MailController],
    })
], AppModule);
export { AppModule };
//# sourceMappingURL=app.module.js.map