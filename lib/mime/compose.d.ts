/** Message + defaults to a prepared message (envelope, Message-ID) and a lazily composed RFC 5322 stream. */
import { Readable } from 'node:stream';
import type { AccessPolicy } from './content-sources.js';
import type { ComposeEnvironment } from './ids.js';
import type { MailDefaults, MailMessage } from './message.interface.js';
import type { DsnOptions, Envelope } from '../core/envelope.js';
export type { AccessPolicy } from './content-sources.js';
export type { ComposeEnvironment } from './ids.js';
/** What the server offers, which composition may use. Both default to false. */
export interface ComposeOptions {
    /** Headers may carry UTF-8 and Unicode domains (RFC 6531, RFC 6532). */
    smtputf8?: boolean;
    /** Text parts may go out as `8bit` (RFC 6152). */
    eightBitMime?: boolean;
}
/** A checked message, ready to be composed once the server's extensions are known. */
export interface PreparedMessage {
    /** Bare addresses, validated by validateEnvelope. */
    envelope: Envelope;
    /** With angle brackets; empty for a `raw` message whose id is unknown. */
    messageId: string;
    /** As given: the engine validates and encodes DSN parameters. */
    dsn?: DsnOptions;
    /**
     * The message bytes (CRLF line endings, not dot-stuffed). Lazy: nothing is opened or read until
     * the stream is read. A message with a Readable source can be composed once only.
     * @throws SmtpError ESTREAM when called again for a message whose stream sources were used.
     */
    compose(options?: ComposeOptions): Readable;
    /**
     * The same bytes as `compose`, rendered at once, when every content is held in memory and small (at most
     * {@link IN_MEMORY_RENDER_MAX_BYTES}); otherwise undefined, and `compose` is the way. It can be called again.
     * @throws SmtpError EMESSAGE where the stream would fail with it.
     */
    renderInMemory(options?: ComposeOptions): Buffer[] | undefined;
    /**
     * Whether `compose()` may be called again and gives the same bytes without re-reading anything that
     * could differ: no source is a caller's Readable (one-shot) or an http(s) URL (fetched anew, and a
     * server may answer differently). Strings, Buffers, `data:` URLs and files qualify. DKIM signing composes
     * such a message twice (hash, then send) instead of spooling it.
     */
    isRecomposable: boolean;
}
/** Messages whose content in memory is at most this large may be rendered at once, without streams. */
export declare const IN_MEMORY_RENDER_MAX_BYTES: number;
/**
 * Checks a message and everything it refers to, without opening anything: addresses, envelope,
 * header names and values, ids, content sources and access policy. The stream is produced later by
 * `compose`, after EHLO, so it can use SMTPUTF8 and 8BITMIME when the server offers them.
 * @throws SmtpError EENVELOPE (addresses, recipients), EMESSAGE (headers, ids, fields),
 *   EFILEACCESS / EURLACCESS (a file or URL source the policy forbids).
 * @example
 * const prepared = prepareMessage({ from: 'a@example.com', to: 'b@example.com', text: 'hi' });
 * prepared.compose({ smtputf8: true }).pipe(socket);
 */
export declare function prepareMessage(message: MailMessage, defaults?: MailDefaults, policy?: AccessPolicy, environment?: ComposeEnvironment): PreparedMessage;
/**
 * Composes a message into RFC 5322 bytes, for `.eml` files, previews and tests. Assumes neither
 * SMTPUTF8 nor 8BITMIME unless told.
 * @throws SmtpError as {@link prepareMessage}; the stream fails with ESTREAM when a source fails.
 * @example
 * const { stream } = composeMessage({ from: 'a@example.com', to: 'b@example.com', subject: 'Hi', text: 'Hello' });
 * stream.pipe(createWriteStream('hello.eml'));
 */
export declare function composeMessage(message: MailMessage, defaults?: MailDefaults, options?: ComposeOptions & AccessPolicy & ComposeEnvironment): {
    envelope: Envelope;
    messageId: string;
    stream: Readable;
};
