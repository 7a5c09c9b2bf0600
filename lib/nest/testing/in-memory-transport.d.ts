/** InMemoryTransport: the testing module's transport; composes each message fully and records it, no network. */
import { EventEmitter } from 'node:events';
import type { MailDefaults, MailMessage } from '../../mime/message.interface.js';
import type { ResolvedSmtpOptions } from '../../transport/options.js';
import type { MailTransport, SendMailCallback, SentMessageInfo, SmtpTransportEvents } from '../../transport/mail-transport.js';
import type { MailerTestingStore } from './mailer-testing.store.js';
/**
 * The public surface of `SmtpTransport`, without a server: `sendMail` composes the message exactly as the real
 * transport would for a server offering neither 8BITMIME nor SMTPUTF8 (the strictest case), so bad input
 * fails here with the same `SmtpError` codes, then records it in the store.
 */
export declare class InMemoryTransport extends EventEmitter<SmtpTransportEvents> implements MailTransport {
    private readonly store;
    private readonly defaults?;
    /** Engine defaults, as an untouched real transport would report them. */
    readonly options: ResolvedSmtpOptions;
    private closed;
    constructor(store: MailerTestingStore, defaults?: MailDefaults | undefined);
    /**
     * Composes and records a message.
     * @throws SmtpError EENVELOPE / EMESSAGE / ESTREAM for bad input, ECLOSED after `close()`.
     */
    sendMail(message: MailMessage, callback?: SendMailCallback): Promise<SentMessageInfo>;
    /** Always succeeds while open: there is no server to reach. */
    verify(): Promise<true>;
    close(): Promise<void>;
    isIdle(): boolean;
    private deliver;
}
