/** Reads a composed RFC 5322 message back into fields (headers, text, html, attachments) for MailerTestingStore. */
import { decodeCharset, decodeQuotedBytes, decodeWords, parseAddressList, parseStructured } from './mime-words.js';
/** The header block and body of a part (RFC 5322 §2.1: an empty line separates them). */
function splitPart(bytes) {
    const source = bytes.toString('latin1');
    const match = /\r?\n\r?\n/.exec(source);
    const start = /^\r?\n/.exec(source);
    const headEnd = start ? 0 : match ? match.index : source.length;
    const bodyStart = start ? start[0].length : match ? match.index + match[0].length : source.length;
    return { headers: parseHeaderBlock(source.slice(0, headEnd)), body: bytes.subarray(bodyStart) };
}
/** Unfolds (RFC 5322 §2.2.3) and splits header lines; values stay in their raw Latin-1 form. */
function parseHeaderBlock(head) {
    const headers = [];
    for (const line of head.split(/\r?\n/)) {
        if (/^[ \t]/.test(line) && headers.length)
            headers[headers.length - 1][1] += line;
        else if (line.includes(':'))
            headers.push([line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]);
    }
    return headers;
}
function header(part, name) {
    return part.headers.find(([key]) => key === name)?.[1];
}
/** Header text as UTF-8 (8-bit headers under SMTPUTF8), encoded words decoded. */
function headerText(raw) {
    return decodeWords(Buffer.from(raw, 'latin1').toString('utf8'));
}
function decodeBody(part) {
    const encoding = (header(part, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
    if (encoding === 'base64')
        return Buffer.from(part.body.toString('latin1'), 'base64');
    // RFC 2045 §6.7: a soft line break is "=" at the end of an encoded line.
    if (encoding === 'quoted-printable')
        return decodeQuotedBytes(part.body.toString('latin1').replace(/=\r?\n/g, ''));
    return part.body;
}
/** The body parts of a multipart entity (RFC 2046 §5.1.1: the CRLF before a delimiter belongs to it). */
function splitMultipart(body, boundary) {
    const source = body.toString('latin1');
    const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
    const parts = [];
    let start = -1;
    for (const match of source.matchAll(delimiter)) {
        if (start >= 0)
            parts.push(Buffer.from(source.slice(start, match.index), 'latin1'));
        if (match[1])
            return parts;
        start = match.index + match[0].length;
        const lineEnd = /^\r?\n/.exec(source.slice(start));
        if (lineEnd)
            start += lineEnd[0].length;
    }
    return parts;
}
function visit(part, message) {
    const type = parseStructured(header(part, 'content-type') ?? 'text/plain');
    if (type.value.startsWith('multipart/') && type.params.boundary) {
        for (const child of splitMultipart(part.body, type.params.boundary))
            visit(splitPart(child), message);
        return;
    }
    const disposition = parseStructured(header(part, 'content-disposition') ?? '');
    const isBody = disposition.value !== 'attachment' && (type.value === 'text/plain' || type.value === 'text/html');
    const content = decodeBody(part);
    if (isBody && type.value === 'text/plain' && message.text === undefined) {
        message.text = decodeCharset(content, type.params.charset).replace(/\r\n/g, '\n');
    }
    else if (isBody && type.value === 'text/html' && message.html === undefined) {
        message.html = decodeCharset(content, type.params.charset).replace(/\r\n/g, '\n');
    }
    else {
        message.attachments.push(readAttachment(part, type.value, disposition.value, disposition.params.filename ?? type.params.name, content));
    }
}
function readAttachment(part, contentType, disposition, filename, content) {
    const attachment = { contentType, content };
    if (filename !== undefined)
        attachment.filename = filename;
    if (disposition)
        attachment.contentDisposition = disposition;
    const cid = header(part, 'content-id');
    if (cid)
        attachment.cid = cid.replace(/^<|>$/g, '');
    return attachment;
}
/** Parses a whole composed message. */
export function readMessage(raw) {
    const root = splitPart(raw);
    const headers = {};
    for (const [name, value] of root.headers)
        (headers[name] ??= []).push(headerText(value));
    const first = (name) => headers[name]?.[0];
    // Addresses come from the undecoded value: a decoded display name may hold a comma.
    const addresses = (name) => parseAddressList(root.headers.filter(([key]) => key === name).map(([, value]) => Buffer.from(value, 'latin1').toString('utf8')).join(', '));
    const message = {
        headers,
        to: addresses('to'),
        cc: addresses('cc'),
        replyTo: addresses('reply-to'),
        attachments: [],
    };
    const from = addresses('from')[0];
    if (from !== undefined)
        message.from = from;
    const subject = first('subject');
    if (subject !== undefined)
        message.subject = subject;
    visit(root, message);
    return message;
}
//# sourceMappingURL=read-message.js.map