/** createTransport and SmtpTransport: the engine's public face; sendMail, verify, close. */
import { EventEmitter } from 'node:events';
import { type ResolvedSmtpOptions, type SmtpOptions } from './options.js';
import type { MailDefaults, MailMessage } from '../mime/message.interface.js';
import type { MailTransport, SendMailCallback, SentMessageInfo, SmtpTransportEvents } from './mail-transport.js';
/**
 * An SMTP transport. Without `pool`, every message gets its own connection, closed after it, as nodemailer's
 * SMTP transport does.
 */
export declare class SmtpTransport extends EventEmitter<SmtpTransportEvents> implements MailTransport {
    /** The options as validated, with defaults filled in. */
    readonly options: ResolvedSmtpOptions;
    readonly defaults: MailDefaults;
    private readonly log;
    private readonly dependencies;
    private readonly inFlight;
    private readonly pool;
    private closing?;
    private readonly accessPolicy;
    /** Boundaries and Message-IDs draw on one random pool per transport. */
    private readonly composeEnvironment;
    constructor(options: ResolvedSmtpOptions, defaults?: MailDefaults);
    /**
     * Sends one message. Resolves once the server accepted it for at least one recipient.
     * @throws SmtpError (as a rejection, never synchronously) with the code and phase of the failure.
     * @example
     * const info = await transport.sendMail({ from: 'app@example.com', to: 'user@example.com', subject: 'Hi', text: 'Hello' });
     */
    sendMail(message: MailMessage, callback?: SendMailCallback): Promise<SentMessageInfo>;
    /**
     * Opens a session (DNS, connect, greeting, EHLO, STARTTLS, AUTH) and QUITs; sends no message.
     * @param options.signal aborts the check (ETIMEDOUT) and closes whatever it had opened, e.g. for a health
     *   probe with its own deadline
     * @throws SmtpError with the phase that failed.
     */
    verify(options?: {
        signal?: AbortSignal;
    }): Promise<true>;
    /** Whether a message sent now would start at once (the pool has a free or openable connection). */
    isIdle(): boolean;
    /**
     * Graceful close: queued and in-flight messages are delivered (with their retries), then every connection
     * QUITs. Later sendMail calls reject with ECLOSED. Calling it again returns the same promise.
     */
    close(): Promise<void>;
    private send;
    /** Opens a connection; a pooled one that fails while idle is reported as `error`, when anyone listens. */
    private openReportingIdleFailures;
    /** Everything that can be refused without the server, refused before connecting. */
    private prepare;
    private track;
}
/**
 * Creates an SMTP transport from options or a connection URL (`smtp://user:pass@host:587`).
 * @throws SmtpError ECONFIG at once for a bad option or URL, never at first send.
 * @example
 * const transport = createTransport({ host: 'smtp.example.com', auth: { user: 'me', pass: 'secret' } }, { from: 'me@example.com' });
 */
export declare function createTransport(options: SmtpOptions | string, defaults?: MailDefaults): SmtpTransport;
