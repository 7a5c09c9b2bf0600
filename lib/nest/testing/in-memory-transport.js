/** InMemoryTransport: the testing module's transport; composes each message fully and records it, no network. */
import { EventEmitter } from 'node:events';
import { buffer } from 'node:stream/consumers';
import { composeMessage } from '../../mime/compose.js';
import { SmtpError, toSmtpError } from '../../core/errors.js';
import { validateEnvelope } from '../../core/envelope.js';
import { resolveOptions } from '../../transport/options.js';
import { readMessage } from '../../mime/read/read-message.js';
/**
 * The public surface of `SmtpTransport`, without a server: `sendMail` composes the message exactly as the real
 * transport would for a server offering neither 8BITMIME nor SMTPUTF8 (the strictest case), so bad input
 * fails here with the same `SmtpError` codes, then records it in the store.
 */
export class InMemoryTransport extends EventEmitter {
    store;
    defaults;
    /** Engine defaults, as an untouched real transport would report them. */
    options = resolveOptions({});
    closed = false;
    constructor(store, defaults) {
        super();
        this.store = store;
        this.defaults = defaults;
    }
    /**
     * Composes and records a message.
     * @throws SmtpError EENVELOPE / EMESSAGE / ESTREAM for bad input, ECLOSED after `close()`.
     */
    sendMail(message, callback) {
        const result = this.deliver(message);
        if (callback)
            result.then((info) => callback(null, info), (err) => callback(err));
        return result;
    }
    /** Always succeeds while open: there is no server to reach. */
    async verify() {
        if (this.closed)
            throw new SmtpError('ECLOSED', 'the transport is closed');
        return true;
    }
    async close() {
        this.closed = true;
    }
    isIdle() {
        return !this.closed;
    }
    async deliver(message) {
        if (this.closed)
            throw new SmtpError('ECLOSED', 'sendMail after close(): the transport is closed');
        const started = Date.now();
        let composed;
        try {
            composed = composeMessage(message, this.defaults);
        }
        catch (err) {
            throw toSmtpError(err, 'EMESSAGE');
        }
        const { envelope, messageId, stream } = composed;
        validateEnvelope(envelope);
        const raw = await buffer(stream).catch((err) => {
            throw toSmtpError(err, 'ESTREAM');
        });
        const read = readMessage(raw);
        this.store.record({
            envelope,
            messageId,
            ...(read.from !== undefined && { from: read.from }),
            to: read.to,
            cc: read.cc,
            replyTo: read.replyTo,
            ...(read.subject !== undefined && { subject: read.subject }),
            ...(read.text !== undefined && { text: read.text }),
            ...(read.html !== undefined && { html: read.html }),
            attachments: read.attachments,
            headers: read.headers,
            raw: raw.toString('utf8'),
            sentAt: new Date(),
        });
        return {
            envelope: { from: envelope.from, to: [...envelope.to] },
            messageId,
            accepted: [...envelope.to],
            rejected: [],
            response: '250 2.0.0 Accepted (MailerTestingModule, in memory)',
            envelopeTime: 0,
            messageTime: Date.now() - started,
            messageSize: raw.length,
        };
    }
}
//# sourceMappingURL=in-memory-transport.js.map