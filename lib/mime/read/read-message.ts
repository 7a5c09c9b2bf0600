/** Reads a composed RFC 5322 message back into fields (headers, text, html, attachments) for MailerTestingStore. */
import { decodeCharset, decodeQuotedBytes, decodeWords, parseAddressList, parseStructured } from './mime-words.js';

/** An attachment (or inline part) of a message, decoded. */
export interface ReadAttachment {
  /** The file name, RFC 2231 and encoded words decoded. */
  filename?: string;
  /** The media type, without parameters. */
  contentType: string;
  /** `attachment` or `inline`, when the part says. */
  contentDisposition?: string;
  /** The Content-ID without angle brackets, for inline images referenced as `cid:`. */
  cid?: string;
  /** The bytes, transfer encoding undone. */
  content: Buffer;
}

/** What a reader of the message sees. Text bodies have CRLF turned back into LF. */
export interface ReadMessage {
  /** Header values by lower-case name, encoded words decoded; repeated headers keep every value. */
  headers: Record<string, string[]>;
  /** The bare address of the From header. */
  from?: string;
  /** Bare addresses of the To, Cc and Reply-To headers (Bcc is never a header: see the envelope). */
  to: string[];
  /** Bare addresses of the Cc header. */
  cc: string[];
  /** Bare addresses of the Reply-To header. */
  replyTo: string[];
  /** The subject, decoded. */
  subject?: string;
  /** The text/plain body, decoded. */
  text?: string;
  /** The text/html body, decoded. */
  html?: string;
  /** Attachments and inline parts, in order. */
  attachments: ReadAttachment[];
}

interface Part {
  headers: Array<[string, string]>;
  body: Buffer;
}

/** The header block and body of a part (RFC 5322 §2.1: an empty line separates them). */
function splitPart(bytes: Buffer): Part {
  const source = bytes.toString('latin1');
  const match = /\r?\n\r?\n/.exec(source);
  const start = /^\r?\n/.exec(source);
  const headEnd = start ? 0 : match ? match.index : source.length;
  const bodyStart = start ? start[0].length : match ? match.index + match[0].length : source.length;
  return { headers: parseHeaderBlock(source.slice(0, headEnd)), body: bytes.subarray(bodyStart) };
}

/** Unfolds (RFC 5322 §2.2.3) and splits header lines; values stay in their raw Latin-1 form. */
function parseHeaderBlock(head: string): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1][1] += line;
    else if (line.includes(':')) headers.push([line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]);
  }
  return headers;
}

function header(part: Part, name: string): string | undefined {
  return part.headers.find(([key]) => key === name)?.[1];
}

/** Header text as UTF-8 (8-bit headers under SMTPUTF8), encoded words decoded. */
function headerText(raw: string): string {
  return decodeWords(Buffer.from(raw, 'latin1').toString('utf8'));
}

function decodeBody(part: Part): Buffer {
  const encoding = (header(part, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.toString('latin1'), 'base64');
  // RFC 2045 §6.7: a soft line break is "=" at the end of an encoded line.
  if (encoding === 'quoted-printable') return decodeQuotedBytes(part.body.toString('latin1').replace(/=\r?\n/g, ''));
  return part.body;
}

/** The body parts of a multipart entity (RFC 2046 §5.1.1: the CRLF before a delimiter belongs to it). */
function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const source = body.toString('latin1');
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
  const parts: Buffer[] = [];
  let start = -1;
  for (const match of source.matchAll(delimiter)) {
    if (start >= 0) parts.push(Buffer.from(source.slice(start, match.index), 'latin1'));
    if (match[1]) return parts;
    start = match.index + match[0].length;
    const lineEnd = /^\r?\n/.exec(source.slice(start));
    if (lineEnd) start += lineEnd[0].length;
  }
  return parts;
}

function visit(part: Part, message: ReadMessage): void {
  const type = parseStructured(header(part, 'content-type') ?? 'text/plain');
  if (type.value.startsWith('multipart/') && type.params.boundary) {
    for (const child of splitMultipart(part.body, type.params.boundary)) visit(splitPart(child), message);
    return;
  }
  const disposition = parseStructured(header(part, 'content-disposition') ?? '');
  const isBody = disposition.value !== 'attachment' && (type.value === 'text/plain' || type.value === 'text/html');
  const content = decodeBody(part);
  if (isBody && type.value === 'text/plain' && message.text === undefined) {
    message.text = decodeCharset(content, type.params.charset).replace(/\r\n/g, '\n');
  } else if (isBody && type.value === 'text/html' && message.html === undefined) {
    message.html = decodeCharset(content, type.params.charset).replace(/\r\n/g, '\n');
  } else {
    message.attachments.push(readAttachment(part, type.value, disposition.value, disposition.params.filename ?? type.params.name, content));
  }
}

function readAttachment(part: Part, contentType: string, disposition: string, filename: string | undefined, content: Buffer): ReadAttachment {
  const attachment: ReadAttachment = { contentType, content };
  if (filename !== undefined) attachment.filename = filename;
  if (disposition) attachment.contentDisposition = disposition;
  const cid = header(part, 'content-id');
  if (cid) attachment.cid = cid.replace(/^<|>$/g, '');
  return attachment;
}

/** Parses a whole composed message. */
export function readMessage(raw: Buffer): ReadMessage {
  const root = splitPart(raw);
  const headers: Record<string, string[]> = {};
  for (const [name, value] of root.headers) (headers[name] ??= []).push(headerText(value));
  const first = (name: string): string | undefined => headers[name]?.[0];
  // Addresses come from the undecoded value: a decoded display name may hold a comma.
  const addresses = (name: string): string[] =>
    parseAddressList(root.headers.filter(([key]) => key === name).map(([, value]) => Buffer.from(value, 'latin1').toString('utf8')).join(', '));
  const message: ReadMessage = {
    headers,
    to: addresses('to'),
    cc: addresses('cc'),
    replyTo: addresses('reply-to'),
    attachments: [],
  };
  const from = addresses('from')[0];
  if (from !== undefined) message.from = from;
  const subject = first('subject');
  if (subject !== undefined) message.subject = subject;
  visit(root, message);
  return message;
}
