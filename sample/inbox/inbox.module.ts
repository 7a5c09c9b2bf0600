/** InboxModule: the embedded development SMTP server (or none, with MAIL_URL), the package's inbox under /__mail, `GET /` and `GET /messages`. */
import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ConditionalModule, ConfigService } from '@nestjs/config';
import { MailerDevStore } from '../../lib/dev.js';
import { MailerDevInboxModule } from '../../lib/index.js';
import { sampleTemplates } from '../mail/welcome.email.js';
import { DevInbox, INBOX_PATH } from './dev-inbox.js';
import { InboxController } from './inbox.controller.js';
import { MessagesController } from './messages.controller.js';

/** Only the newest messages are kept: the inbox is a development aid, not a mail store. */
const MAX_STORED_MESSAGES = 200;

@Module({})
export class InboxModule {
  /**
   * The module with its own store: the embedded receiver fills it, `MailerDevInboxModule` shows it (with the
   * welcome template's preview), `GET /messages` reads it. Call it once per application.
   */
  static register(): DynamicModule {
    const store = new MailerDevStore({ max: MAX_STORED_MESSAGES });
    const inbox = MailerDevInboxModule.forRoot({
      store,
      path: INBOX_PATH,
      templates: sampleTemplates,
      previews: { welcome: { default: { name: 'Ann' } } },
    });
    return {
      module: InboxModule,
      // With MAIL_URL set, mail goes elsewhere: nothing arrives here, so there is no inbox and /__mail is a 404.
      imports: [ConditionalModule.registerWhen(inbox, (env) => !env.MAIL_URL, { debug: false })],
      providers: [
        {
          provide: DevInbox,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => {
            const mailUrl = config.get<string>('MAIL_URL');
            return mailUrl ? DevInbox.forward(mailUrl) : DevInbox.start(store);
          },
        },
      ],
      controllers: [InboxController, MessagesController],
      exports: [DevInbox],
    };
  }
}
