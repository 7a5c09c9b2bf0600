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
export class MailerService {
    transport;
    name;
    constructor(
    /** The mailer's transport, shared with the `MAILER_TRANSPORT` provider. */
    transport, 
    /** The mailer's name (`'default'` when registered without one). */
    name) {
        this.transport = transport;
        this.name = name;
    }
    /**
     * Sends a message, merged over the mailer's `defaults`.
     * @throws SmtpError with the code of the step that failed (`EENVELOPE`, `EAUTH`, `ECONNECTION`, ...).
     */
    sendMail(message) {
        return this.transport.sendMail(message);
    }
    /**
     * Connects, greets, authenticates and quits without sending a message.
     * @param options.signal aborts the check and closes its connection
     * @throws SmtpError with the code of the step that failed.
     */
    verify(options) {
        return this.transport.verify(options);
    }
}
//# sourceMappingURL=mailer.service.js.map