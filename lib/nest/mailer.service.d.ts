/** MailerService: what application code injects to send mail through one mailer's transport. */
import type { MailMessage } from '../mime/message.interface.js';
import type { MailTransport, SentMessageInfo } from '../transport/mail-transport.js';
/**
 * Sends mail through the transport of one mailer. The default mailer's service is injected by type
 * (`constructor(private readonly mailer: MailerService)`); a named one with `@InjectMailer(name)`.
 *
 * Built by `MailerModule` (one instance per mailer), never by Nest's constructor injection, so the same
 * class serves every named mailer.
 *
 * @example
 * await this.mailer.sendMail({ to: 'ann@example.com', subject: 'Welcome', text: 'Hello Ann' });
 */
export declare class MailerService {
    /** The mailer's transport, shared with the `MAILER_TRANSPORT` provider. */
    readonly transport: MailTransport;
    /** The mailer's name (`'default'` when registered without one). */
    readonly name: string;
    constructor(
    /** The mailer's transport, shared with the `MAILER_TRANSPORT` provider. */
    transport: MailTransport, 
    /** The mailer's name (`'default'` when registered without one). */
    name: string);
    /**
     * Sends a message, merged over the mailer's `defaults`.
     * @throws SmtpError with the code of the step that failed (`EENVELOPE`, `EAUTH`, `ECONNECTION`, ...).
     */
    sendMail(message: MailMessage): Promise<SentMessageInfo>;
    /**
     * Connects, greets, authenticates and quits without sending a message.
     * @param options.signal aborts the check and closes its connection
     * @throws SmtpError with the code of the step that failed.
     */
    verify(options?: {
        signal?: AbortSignal;
    }): Promise<true>;
}
