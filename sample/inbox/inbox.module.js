var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
/** InboxModule: the embedded development SMTP server, its page and its JSON. */
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DevInbox } from './dev-inbox.js';
import { InboxController } from './inbox.controller.js';
let InboxModule = class InboxModule {
};
InboxModule = __decorate([
    Module({
        providers: [
            {
                provide: DevInbox,
                inject: [ConfigService],
                useFactory: (config) => {
                    const mailUrl = config.get('MAIL_URL');
                    return mailUrl ? DevInbox.forward(mailUrl) : DevInbox.start();
                },
            },
        ],
        controllers: [InboxController],
        exports: [DevInbox],
    })
], InboxModule);
export { InboxModule };
//# sourceMappingURL=inbox.module.js.map