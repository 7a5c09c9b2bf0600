import { MailerService } from '../../lib/index.js';
/** The 201 body. */
export interface MailSent {
    messageId: string;
    accepted: string[];
    rejected: string[];
}
export declare class MailController {
    private readonly mailer;
    constructor(mailer: MailerService);
    send(body: unknown): Promise<MailSent>;
}
