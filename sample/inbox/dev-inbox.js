/** DevInbox: the sample's embedded development SMTP server (smtp-server on loopback) and what it received. */
import { Logger } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
/** Only the newest messages are kept: the inbox is a development aid, not a mail store. */
const MAX_STORED_MESSAGES = 200;
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
/**
 * With no `MAIL_URL`, the sample sends to this server so that it works on a fresh machine. STARTTLS is not
 * offered (the engine verifies certificates, and a development server has none worth trusting) and no AUTH
 * is needed: it listens on 127.0.0.1 only.
 */
export class DevInbox {
    server;
    smtpUrl;
    upstream;
    messages = [];
    nextId = 1;
    logger = new Logger('DevInbox');
    constructor(server, 
    /** Where the embedded server listens (`smtp://127.0.0.1:<port>`); undefined when `MAIL_URL` is set. */
    smtpUrl, 
    /** `MAIL_URL` without its password, when mail goes elsewhere. */
    upstream) {
        this.server = server;
        this.smtpUrl = smtpUrl;
        this.upstream = upstream;
    }
    /** Starts the embedded server on a free loopback port. */
    static async start() {
        let inbox;
        const server = new SMTPServer({
            disabledCommands: ['STARTTLS', 'AUTH'],
            size: MAX_MESSAGE_BYTES,
            logger: false,
            onData: (stream, session, callback) => {
                inbox.receive(stream, session).then(() => callback(), (err) => callback(err));
            },
        });
        server.on('error', (err) => inbox?.logger.warn(`SMTP server error: ${err.message}`));
        await new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen(0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
        });
        const { port } = server.server.address();
        inbox = new DevInbox(server, `smtp://127.0.0.1:${port}`, undefined);
        inbox.logger.log(`embedded SMTP server on ${inbox.smtpUrl} (MAIL_URL is not set)`);
        return inbox;
    }
    /** No embedded server: mail goes to `mailUrl`. */
    static forward(mailUrl) {
        return new DevInbox(undefined, undefined, redactUrl(mailUrl));
    }
    get isEmbedded() {
        return this.server !== undefined;
    }
    /** Newest first. */
    list() {
        return this.messages.map(({ id, from, to, subject, date, size }) => ({ id, from, to, subject, date, size }));
    }
    find(id) {
        return this.messages.find((message) => message.id === id);
    }
    /**
     * Stops the embedded server. `main.ts` calls it after `app.close()` resolved, that is after the mailer's
     * transport closed and delivered what was queued (a shutdown hook here could run before the mailer's).
     */
    async stop() {
        const server = this.server;
        if (server)
            await new Promise((resolve) => server.close(() => resolve()));
    }
    async receive(stream, session) {
        const chunks = [];
        for await (const chunk of stream)
            chunks.push(chunk);
        if (stream.sizeExceeded)
            throw Object.assign(new Error('message too big'), { responseCode: 552 });
        const raw = Buffer.concat(chunks);
        const parsed = await simpleParser(raw);
        this.messages.unshift(this.toMessage(parsed, session, raw.length));
        this.messages.length = Math.min(this.messages.length, MAX_STORED_MESSAGES);
    }
    toMessage(parsed, session, size) {
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const message = {
            id: String(this.nextId++),
            from: parsed.from?.text ?? envelopeFrom,
            to: addresses(parsed.to),
            cc: addresses(parsed.cc),
            subject: parsed.subject ?? '',
            date: new Date().toISOString(),
            size,
            envelope: { from: envelopeFrom, to: session.envelope.rcptTo.map((rcpt) => rcpt.address) },
            // Header values as sent, unfolded (RFC 5322 §2.2.3); repeated headers keep the last.
            headers: Object.fromEntries(parsed.headerLines.map(({ key, line }) => [key, line.slice(line.indexOf(':') + 1).replace(/\r?\n(?=[ \t])/g, '').trim()])),
            attachments: parsed.attachments.map((attachment, index) => ({
                filename: attachment.filename ?? `attachment-${index + 1}`,
                contentType: attachment.contentType,
                size: attachment.size,
                content: attachment.content,
            })),
        };
        if (parsed.text !== undefined)
            message.text = parsed.text;
        if (typeof parsed.html === 'string')
            message.html = parsed.html;
        return message;
    }
}
function addresses(field) {
    const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
    return list.flatMap((object) => object.value.map((entry) => entry.address ?? '')).filter(Boolean);
}
/** `smtps://user:secret@host:465` to `smtps://user@host:465`: the page never shows a password. */
function redactUrl(url) {
    try {
        const parsed = new URL(url);
        parsed.password = '';
        return parsed.toString();
    }
    catch {
        return '(MAIL_URL is not a valid URL)';
    }
}
//# sourceMappingURL=dev-inbox.js.map