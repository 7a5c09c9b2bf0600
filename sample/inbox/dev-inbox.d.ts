/** One line of `GET /messages`. */
export interface InboxSummary {
    id: string;
    from: string;
    to: string[];
    subject: string;
    /** When the embedded server received it (ISO 8601). */
    date: string;
    size: number;
}
export interface InboxAttachment {
    filename: string;
    contentType: string;
    size: number;
    content: Buffer;
}
/** A received message, as kept in memory. */
export interface InboxMessage extends InboxSummary {
    cc: string[];
    envelope: {
        from: string;
        to: string[];
    };
    headers: Record<string, string>;
    text?: string;
    html?: string;
    attachments: InboxAttachment[];
}
/**
 * With no `MAIL_URL`, the sample sends to this server so that it works on a fresh machine. STARTTLS is not
 * offered (the engine verifies certificates, and a development server has none worth trusting) and no AUTH
 * is needed: it listens on 127.0.0.1 only.
 */
export declare class DevInbox {
    private readonly server;
    /** Where the embedded server listens (`smtp://127.0.0.1:<port>`); undefined when `MAIL_URL` is set. */
    readonly smtpUrl: string | undefined;
    /** `MAIL_URL` without its password, when mail goes elsewhere. */
    readonly upstream: string | undefined;
    private readonly messages;
    private nextId;
    private readonly logger;
    private constructor();
    /** Starts the embedded server on a free loopback port. */
    static start(): Promise<DevInbox>;
    /** No embedded server: mail goes to `mailUrl`. */
    static forward(mailUrl: string): DevInbox;
    get isEmbedded(): boolean;
    /** Newest first. */
    list(): InboxSummary[];
    find(id: string): InboxMessage | undefined;
    /**
     * Stops the embedded server. `main.ts` calls it after `app.close()` resolved, that is after the mailer's
     * transport closed and delivered what was queued (a shutdown hook here could run before the mailer's).
     */
    stop(): Promise<void>;
    private receive;
    private toMessage;
}
