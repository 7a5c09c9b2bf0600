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
/** MailController: POST /mail sends through MailerService; 201, 400 (field at fault) or 502 (SMTP refusal). */
import { Body, Controller, HttpCode, HttpException, HttpStatus, Post } from '@nestjs/common';
import { MailerService, SmtpError } from '../../lib/index.js';
import { badRequest, fieldQuotedIn, parseMailRequest } from './mail-request.js';
let MailController = class MailController {
    mailer;
    // The default mailer's service, injected by type; `from` comes from its defaults (MAIL_FROM).
    constructor(mailer) {
        this.mailer = mailer;
    }
    async send(body) {
        const message = parseMailRequest(body);
        try {
            const { messageId, accepted, rejected } = await this.mailer.sendMail(message);
            return { messageId, accepted, rejected };
        }
        catch (err) {
            throw toHttpError(err, body);
        }
    }
};
__decorate([
    Post(),
    HttpCode(HttpStatus.CREATED),
    __param(0, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", Promise)
], MailController.prototype, "send", null);
MailController = __decorate([
    Controller('mail'),
    __metadata("design:paramtypes", [MailerService])
], MailController);
export { MailController };
/**
 * An engine error as an HTTP error: input the engine refused before talking to the server is the client's
 * fault (400); anything the server or the connection did is a bad gateway (502), with the SmtpError code.
 */
function toHttpError(err, body) {
    if (!(err instanceof SmtpError))
        return err;
    const refusedLocally = err.responseCode === undefined && err.rejectedErrors === undefined && err.phase === undefined;
    if (refusedLocally && (err.code === 'EENVELOPE' || err.code === 'EMESSAGE')) {
        const field = err.code === 'EENVELOPE' ? fieldQuotedIn(err.message, body) : 'body';
        const response = badRequest(field, err.message).getResponse();
        return new HttpException({ ...response, code: err.code }, HttpStatus.BAD_REQUEST);
    }
    return new HttpException({
        statusCode: HttpStatus.BAD_GATEWAY,
        error: 'Bad Gateway',
        message: err.message,
        code: err.code,
        ...(err.responseCode !== undefined && { responseCode: err.responseCode }),
        ...(err.rejected !== undefined && { rejected: err.rejected }),
    }, HttpStatus.BAD_GATEWAY);
}
//# sourceMappingURL=mail.controller.js.map