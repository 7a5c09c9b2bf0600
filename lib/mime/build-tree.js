/** Bodies and attachments arranged as mail clients expect: mixed > related > alternative, only as needed. */
import { SmtpError } from '../core/errors.js';
import { resolveContent, resolveFields } from './content-sources.js';
import { formatWithParameters } from './headers/header-lines.js';
import { createBoundary } from './ids.js';
import { buildAttachment } from './attachment-node.js';
import { checkContentType, checkTransferEncoding } from './part-checks.js';
const ICAL_METHOD = /^[A-Za-z][A-Za-z-]*$/;
/** `text/...` types get `charset=utf-8` unless they name a charset: string content is written as UTF-8. */
function withCharset(contentType) {
    return /^text\//i.test(contentType) && !/;\s*charset=/i.test(contentType) ? `${contentType}; charset=utf-8` : contentType;
}
function textLeaf(source, contentType, label, message, extra = {}) {
    return {
        kind: 'leaf', contentType, headers: [], source, isText: true, label,
        preferredTextEncoding: checkTextEncoding(message.textEncoding), ...extra,
    };
}
function checkTextEncoding(value) {
    if (value === undefined || value === null)
        return undefined;
    const lower = String(value).toLowerCase();
    if (lower !== 'quoted-printable' && lower !== 'base64') {
        throw new SmtpError('EMESSAGE', `invalid textEncoding ${JSON.stringify(value)}: use quoted-printable or base64`);
    }
    return lower;
}
function alternativeLeaves(message, ctx) {
    const list = message.alternatives ?? [];
    if (!Array.isArray(list))
        throw new SmtpError('EMESSAGE', 'alternatives must be an array');
    return list.map((alt, i) => {
        const label = `alternative #${i + 1}`;
        const source = resolveFields(alt, ctx.policy, label) ?? { kind: 'buffer', data: Buffer.alloc(0) };
        const contentType = withCharset(alt.contentType ? checkContentType(alt.contentType, label) : 'text/plain');
        const transferEncoding = checkTransferEncoding(alt.contentTransferEncoding, label);
        return textLeaf(source, contentType, label, message, transferEncoding === undefined ? {} : { transferEncoding });
    });
}
/** The calendar part (RFC 5545 in text/calendar with its iTIP method, RFC 6047 §2.4). */
function icalLeaf(message, ctx) {
    const event = message.icalEvent;
    if (event === undefined || event === null)
        return null;
    const fields = typeof event === 'string' ? { content: event } : event;
    const label = 'icalEvent';
    const source = resolveFields(fields, ctx.policy, label) ?? { kind: 'buffer', data: Buffer.alloc(0) };
    const method = typeof event === 'object' && event.method !== undefined ? String(event.method) : 'PUBLISH';
    if (!ICAL_METHOD.test(method))
        throw new SmtpError('EMESSAGE', `icalEvent: invalid method ${JSON.stringify(method)}`);
    const filename = typeof event === 'object' && typeof event.filename === 'string' ? event.filename : undefined;
    const contentType = formatWithParameters('text/calendar', { charset: 'utf-8', method: method.toUpperCase(), name: filename });
    return textLeaf(source, contentType, label, message);
}
function multipart(subtype, children, ctx, headers = []) {
    return { kind: 'multipart', subtype, boundary: createBoundary(ctx.env), headers, children };
}
/**
 * The body tree of a (non-raw) message. Bodies go in multipart/alternative in increasing order of
 * preference (RFC 2046 §5.1.4: text, other alternatives, calendar, html last); inline attachments
 * with a `cid` join the html in multipart/related (RFC 2387); other attachments wrap everything in
 * multipart/mixed. Levels with a single child are left out; an empty message is one empty text part.
 * @throws SmtpError EMESSAGE, EFILEACCESS, EURLACCESS
 */
export function buildBodyTree(message, ctx) {
    const bodies = [];
    if (message.text !== undefined && message.text !== null) {
        bodies.push(textLeaf(resolveContent(message.text, ctx.policy, 'text'), 'text/plain; charset=utf-8', 'text', message));
    }
    bodies.push(...alternativeLeaves(message, ctx));
    const ical = icalLeaf(message, ctx);
    if (ical)
        bodies.push(ical);
    const hasHtml = message.html !== undefined && message.html !== null;
    if (hasHtml)
        bodies.push(textLeaf(resolveContent(message.html, ctx.policy, 'html'), 'text/html; charset=utf-8', 'html', message));
    const attachments = message.attachments ?? [];
    if (!Array.isArray(attachments))
        throw new SmtpError('EMESSAGE', 'attachments must be an array');
    const inline = [];
    const mixed = [];
    attachments.forEach((attachment, i) => {
        const node = buildAttachment(attachment, i, ctx.policy);
        (hasHtml && attachment.cid ? inline : mixed).push(node);
    });
    let content = bodies.length > 1 ? multipart('alternative', bodies, ctx) : bodies[0] ?? null;
    if (inline.length > 0)
        content = multipart('related', content ? [content, ...inline] : inline, ctx);
    if (mixed.length > 0)
        content = multipart('mixed', content ? [content, ...mixed] : mixed, ctx);
    return content ?? textLeaf({ kind: 'buffer', data: Buffer.alloc(0) }, 'text/plain; charset=utf-8', 'text', message);
}
//# sourceMappingURL=build-tree.js.map