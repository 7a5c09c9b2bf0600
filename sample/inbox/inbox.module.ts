/** InboxModule: the embedded development SMTP server (or none, with MAIL_URL), the inbox under /__mail, `GET /` and `GET /messages`. */
import { Module, RequestMethod } from '@nestjs/common';
import type { MiddlewareConsumer, NestModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DevInbox, INBOX_PATH } from './dev-inbox.js';
import { InboxController } from './inbox.controller.js';
import { InboxMiddleware } from './inbox.middleware.js';
import { MessagesController } from './messages.controller.js';

@Module({
  providers: [
    {
      provide: DevInbox,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const mailUrl = config.get<string>('MAIL_URL');
        return mailUrl ? DevInbox.forward(mailUrl) : DevInbox.start();
      },
    },
    InboxMiddleware,
  ],
  controllers: [InboxController, MessagesController],
  exports: [DevInbox],
})
export class InboxModule implements NestModule {
  /** The inbox's path and everything under it go to the inbox handler, for every method (its clear form POSTs). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(InboxMiddleware).forRoutes({ path: INBOX_PATH, method: RequestMethod.ALL }, { path: `${INBOX_PATH}/{*rest}`, method: RequestMethod.ALL });
  }
}
