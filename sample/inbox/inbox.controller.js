var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
/** InboxController: the inbox page (`GET /`) and its JSON (`GET /messages`, `GET /messages/:id`). */
import { Controller, Get, Header, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DevInbox } from './dev-inbox.js';
import { renderInboxPage } from './inbox.page.js';
let InboxController = class InboxController {
    inbox;
    constructor(inbox) {
        this.inbox = inbox;
    }
    /** The page; `?id=` selects a message to show beside the list. */
    page(id, res) {
        // A fresh nonce per response: only the page's own script and style run (the mail's HTML cannot).
        const nonce = randomBytes(16).toString('base64');
        res.setHeader('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'`);
        res.setHeader('Cache-Control', 'no-store');
        res.type('html').send(renderInboxPage({
            nonce,
            messages: this.inbox.list(),
            selected: id === undefined ? undefined : this.inbox.find(id),
            embeddedUrl: this.inbox.smtpUrl,
            upstream: this.inbox.upstream,
        }));
    }
    /** Newest first; empty when `MAIL_URL` is set (there is no embedded inbox). */
    list() {
        return this.inbox.list();
    }
    detail(id) {
        const message = this.findOr404(id);
        return {
            ...message,
            attachments: message.attachments.map(({ filename, contentType, size }, index) => ({
                filename,
                contentType,
                size,
                url: `/messages/${encodeURIComponent(id)}/attachments/${index}`,
            })),
        };
    }
    /** An attachment's bytes, always as a download: never rendered in the app's origin. */
    attachment(id, index, res) {
        const attachment = this.findOr404(id).attachments[Number(index)];
        if (!attachment || !/^\d+$/.test(index))
            throw new NotFoundException(`message ${id} has no attachment ${index}`);
        res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`);
        res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.type('application/octet-stream').send(attachment.content);
    }
    findOr404(id) {
        const message = this.inbox.find(id);
        if (!message)
            throw new NotFoundException(`no message ${id}`);
        return message;
    }
};
__decorate([
    Get(),
    __param(0, Query('id')),
    __param(1, Res()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object]),
    __metadata("design:returntype", void 0)
], InboxController.prototype, "page", null);
__decorate([
    Get('messages'),
    Header('Cache-Control', 'no-store'),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Array)
], InboxController.prototype, "list", null);
__decorate([
    Get('messages/:id'),
    Header('Cache-Control', 'no-store'),
    __param(0, Param('id')),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Object)
], InboxController.prototype, "detail", null);
__decorate([
    Get('messages/:id/attachments/:index'),
    __param(0, Param('id')),
    __param(1, Param('index')),
    __param(2, Res()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, String, Object]),
    __metadata("design:returntype", void 0)
], InboxController.prototype, "attachment", null);
InboxController = __decorate([
    Controller(),
    __metadata("design:paramtypes", [DevInbox])
], InboxController);
export { InboxController };
//# sourceMappingURL=inbox.controller.js.map