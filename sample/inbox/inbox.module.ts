/** InboxModule: the embedded development SMTP server, its page and its JSON. */
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DevInbox } from './dev-inbox.js';
import { InboxController } from './inbox.controller.js';

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
  ],
  controllers: [InboxController],
  exports: [DevInbox],
})
export class InboxModule {}
