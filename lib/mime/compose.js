/** Message + defaults to a prepared message (envelope, Message-ID) and a lazily composed RFC 5322 stream. */
import { Readable } from 'node:stream';
import { SmtpError } from '../core/errors.js';
import { flattenAddresses, parseAddresses } from './addresses.js';
import { isReadable, resolveContent } from './content-sources.js';
import { mergeHeaderSpecs, parseCustomHeaders } from './headers/custom-headers.js';
import { renderHeaders } from './headers/header-spec.js';
import { normalizeMessageId, resolveEnvironment } from './ids.js';
import { buildMessageHeaders } from './headers/message-headers.js';
import { deriveEnvelope } from './message-envelope.js';
import { inMemorySize, renderNode, renderNodeSync } from './render-tree.js';
import { buildBodyTree } from './build-tree.js';
/** Messages whose content in memory is at most this large may be rendered at once, without streams. */
export const IN_MEMORY_RENDER_MAX_BYTES = 256 * 1024;
function inMemoryRenderer(root, prefix, omit) {
    const size = inMemorySize(root);
    if (size === undefined || size > IN_MEMORY_RENDER_MAX_BYTES)
        return () => undefined;
    return (options = {}) => {
        const render = { smtputf8: !!options.smtputf8, eightBitMime: !!options.eightBitMime };
        return renderNodeSync(root, render, prefix(options), omit);
    };
}
/** Message fields over defaults; `headers` are merged, the message's names winning. */
function mergeDefaults(message, defaults) {
    if (typeof message !== 'object' || message === null)
        throw new SmtpError('EMESSAGE', 'the message must be an object');
    const merged = { ...(defaults ?? {}) };
    for (const [key, value] of Object.entries(message)) {
        if (value !== undefined)
            merged[key] = value;
    }
    const custom = mergeHeaderSpecs(parseCustomHeaders(defaults?.headers), parseCustomHeaders(message.headers));
    return { merged, custom };
}
function firstMailbox(input, field) {
    return flattenAddresses(parseAddresses(input, field))[0];
}
/** The caller's streams among the message's contents, which can be read once only. */
function streamSources(message) {
    const values = [message.raw, message.text, message.html];
    for (const item of [...(message.attachments ?? []), ...(message.alternatives ?? [])])
        values.push(item?.content, item?.raw);
    if (typeof message.icalEvent === 'object' && message.icalEvent !== null)
        values.push(message.icalEvent.content);
    return values.filter((value) => isReadable(value));
}
/** Whether any content of the message is a caller's stream, which can be read once only. */
function hasStreamSource(message) {
    return streamSources(message).length > 0;
}
/** Whether a location (`path` or `href`) is fetched over the network: read again, it may differ. */
function isUrlLocation(value) {
    return typeof value === 'string' && /^https?:/i.test(value);
}
/** Whether a content value (or attachment-like object) points at an http(s) URL. */
function hasUrlSource(message) {
    const values = [message.raw, message.text, message.html, message.icalEvent, ...(message.attachments ?? []), ...(message.alternatives ?? [])];
    return values.some((value) => {
        if (typeof value !== 'object' || value === null || isReadable(value) || Buffer.isBuffer(value))
            return false;
        const fields = value;
        if (fields.content !== undefined && fields.content !== null)
            return false;
        return isUrlLocation(fields.path) || isUrlLocation(fields.href);
    });
}
/** See {@link PreparedMessage.isRecomposable}. */
function isRecomposable(message) {
    return !hasStreamSource(message) && !hasUrlSource(message);
}
/**
 * A Readable over the composer's generator, as `Readable.from` but destroyable at once: `Readable.from` waits
 * for the generator to return, which never happens while it awaits a stalled source. `onAbort` runs when the
 * stream is destroyed before its end, so that what the generator waits on can be released.
 */
function streamFrom(chunks, onAbort) {
    let isReading = false;
    /** The generator finished normally: nothing is left to release. */
    let isDone = false;
    return new Readable({
        highWaterMark: 64 * 1024,
        read() {
            if (isReading)
                return;
            isReading = true;
            chunks.next().then((result) => {
                isReading = false;
                if (result.done) {
                    isDone = true;
                    this.push(null);
                }
                else {
                    this.push(result.value);
                }
            }, (err) => {
                isReading = false;
                // Not done: the caller's other streams are released too.
                this.destroy(err);
            });
        },
        destroy(err, callback) {
            if (!isDone)
                onAbort();
            chunks.return(undefined).catch(() => undefined);
            callback(err);
        },
    });
}
function streamOnce(message, make) {
    const once = hasStreamSource(message);
    let used = false;
    return (options = {}) => {
        if (once && used)
            throw new SmtpError('ESTREAM', 'this message reads from a stream and can be composed only once');
        used = true;
        // Given up before its end (a failed send), the caller's streams are released too, even one that stalls.
        return streamFrom(make(options), () => {
            for (const source of streamSources(message))
                source.destroy();
        });
    };
}
/** How far into a raw message to look for its Message-ID header. */
const RAW_HEADER_SCAN_BYTES = 64 * 1024;
/** The Message-ID of a raw message held in memory, or '' (a stream cannot be looked into first). */
function rawMessageId(source) {
    if (source.kind !== 'buffer')
        return '';
    const head = source.data.subarray(0, RAW_HEADER_SCAN_BYTES).toString('latin1');
    const end = head.search(/\r?\n\r?\n/);
    const match = /^message-id:[ \t]*(?:\r?\n[ \t]+)?(<[\u0021-\u003b\u003d\u003f-\u007e]+>)/im.exec(end < 0 ? head : head.slice(0, end));
    return match?.[1] ?? '';
}
function prepareRaw(message, policy) {
    const source = resolveContent(message.raw, policy, 'raw message');
    const addresses = {
        from: firstMailbox(message.sender ?? message.from, 'from'),
        to: parseAddresses(message.to, 'to'), cc: parseAddresses(message.cc, 'cc'), bcc: parseAddresses(message.bcc, 'bcc'),
    };
    const envelope = deriveEnvelope(message, { from: addresses.from?.address, to: addresses.to, cc: addresses.cc, bcc: addresses.bcc });
    const node = { kind: 'raw', source, label: 'raw message' };
    const messageId = message.messageId ? normalizeMessageId(message.messageId, 'messageId') : rawMessageId(source);
    return {
        envelope, messageId, ...(message.dsn ? { dsn: message.dsn } : {}), isRecomposable: isRecomposable(message),
        compose: streamOnce(message, (options) => renderNode(node, { smtputf8: !!options.smtputf8, eightBitMime: !!options.eightBitMime })),
        renderInMemory: inMemoryRenderer(node, () => ''),
    };
}
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
export function prepareMessage(message, defaults, policy = {}, environment) {
    const env = resolveEnvironment(environment);
    const { merged, custom } = mergeDefaults(message, defaults);
    if (merged.raw !== undefined && merged.raw !== null)
        return prepareRaw(merged, policy);
    const addresses = {
        from: firstMailbox(merged.from, 'from'),
        sender: firstMailbox(merged.sender, 'sender'),
        to: parseAddresses(merged.to, 'to'),
        cc: parseAddresses(merged.cc, 'cc'),
        replyTo: parseAddresses(merged.replyTo, 'replyTo'),
    };
    const bcc = parseAddresses(merged.bcc, 'bcc');
    const envelope = deriveEnvelope(merged, {
        from: (addresses.sender ?? addresses.from)?.address, to: addresses.to, cc: addresses.cc, bcc,
    });
    const { headers, messageId } = buildMessageHeaders(merged, addresses, custom, envelope.from, env);
    const root = buildBodyTree(merged, { policy, env });
    const omit = new Set(headers.map((h) => h.name.toLowerCase()).filter((n) => n === 'content-type' || n === 'content-transfer-encoding'));
    return {
        envelope, messageId, ...(merged.dsn ? { dsn: merged.dsn } : {}), isRecomposable: isRecomposable(merged),
        compose: streamOnce(merged, (options) => {
            const render = { smtputf8: !!options.smtputf8, eightBitMime: !!options.eightBitMime };
            return renderWithHeaders(root, headers, render, omit);
        }),
        renderInMemory: inMemoryRenderer(root, (options) => renderHeaders(headers, !!options.smtputf8), omit),
    };
}
async function* renderWithHeaders(root, headers, render, omit) {
    // Rendered here, inside the stream, so a header that cannot be written for this server
    // (a non-ASCII local part without SMTPUTF8) fails the stream with EMESSAGE rather than the caller.
    yield* renderNode(root, render, renderHeaders(headers, render.smtputf8), omit);
}
/**
 * Composes a message into RFC 5322 bytes, for `.eml` files, previews and tests. Assumes neither
 * SMTPUTF8 nor 8BITMIME unless told.
 * @throws SmtpError as {@link prepareMessage}; the stream fails with ESTREAM when a source fails.
 * @example
 * const { stream } = composeMessage({ from: 'a@example.com', to: 'b@example.com', subject: 'Hi', text: 'Hello' });
 * stream.pipe(createWriteStream('hello.eml'));
 */
export function composeMessage(message, defaults, options = {}) {
    const prepared = prepareMessage(message, defaults, options, options);
    return { envelope: prepared.envelope, messageId: prepared.messageId, stream: prepared.compose(options) };
}
//# sourceMappingURL=compose.js.map