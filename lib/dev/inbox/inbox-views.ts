/** The inbox's JSON views of captured messages (list lines and one message in full), and the search filter. */
import type { Envelope } from '../../core/envelope.js';
import type { CapturedMail } from '../mailer-dev-store.js';
import { segment } from './html.js';

/** One line of the message list (`GET <basePath>/api/messages`). */
export interface InboxSummary {
  /** The store's id of the message. */
  id: string;
  /** With angle brackets; empty when the message has none. */
  messageId: string;
  /** The bare address of the From header. */
  from?: string;
  /** Bare addresses of the To header. */
  to: string[];
  /** Bare addresses of the Cc header. */
  cc: string[];
  /** The decoded subject. */
  subject?: string;
  /** When the store kept it (ISO 8601). */
  date: string;
  /** Octets of the whole message. */
  size: number;
  /** Whether the message has an HTML body. */
  hasHtml: boolean;
  /** How many attachments and inline parts it carries. */
  attachmentCount: number;
}

/** One attachment of a message, described; its bytes are at `url`. */
export interface InboxAttachmentView {
  /** Its position in the message, as used in its URL. */
  index: number;
  /** The file name, decoded. */
  filename?: string;
  /** The media type, without parameters. */
  contentType: string;
  /** `attachment` or `inline`, when the part says. */
  contentDisposition?: string;
  /** The Content-ID without angle brackets (inline images referenced as `cid:`). */
  cid?: string;
  /** Octets, decoded. */
  size: number;
  /** Where to download it. */
  url: string;
}

/** One message in full (`GET <basePath>/api/messages/:id`), attachment bytes left to their own URLs. */
export interface InboxMessageView extends InboxSummary {
  /** The SMTP envelope (Bcc recipients included). */
  envelope: Envelope;
  /** Bare addresses of the Reply-To header. */
  replyTo: string[];
  /** Header values by lower-case name, decoded; repeated headers keep every value. */
  headers: Record<string, string[]>;
  /** The text/plain body, decoded. */
  text?: string;
  /** The text/html body, decoded, as sent (the page shows it only in a sandboxed frame). */
  html?: string;
  /** Attachments and inline parts, in order. */
  attachments: InboxAttachmentView[];
  /** Where to download the message and its HTML body. */
  urls: {
    /** The `.eml` file. */
    raw: string;
    /** The HTML body, served for a sandboxed frame (when there is one). */
    html?: string;
  };
}

/** The list line of a message. */
export function summarize(mail: CapturedMail): InboxSummary {
  const summary: InboxSummary = {
    id: mail.id,
    messageId: mail.messageId,
    to: mail.to,
    cc: mail.cc,
    date: mail.date.toISOString(),
    size: mail.size,
    hasHtml: mail.html !== undefined,
    attachmentCount: mail.attachments.length,
  };
  if (mail.from !== undefined) summary.from = mail.from;
  if (mail.subject !== undefined) summary.subject = mail.subject;
  return summary;
}

/** The URL of a message's route under `base` (`/api/messages/<id>` plus `rest`). */
export function messageUrl(base: string, id: string, rest = ''): string {
  return `${base}/api/messages/${segment(id)}${rest}`;
}

/** A message in full, for the JSON route and the page. */
export function describeMail(mail: CapturedMail, base: string): InboxMessageView {
  const view: InboxMessageView = {
    ...summarize(mail),
    envelope: { from: mail.envelope.from, to: [...mail.envelope.to] },
    replyTo: mail.replyTo,
    headers: mail.headers,
    attachments: mail.attachments.map((attachment, index) => {
      const described: InboxAttachmentView = { index, contentType: attachment.contentType, size: attachment.content.length, url: messageUrl(base, mail.id, `/attachments/${index}`) };
      if (attachment.filename !== undefined) described.filename = attachment.filename;
      if (attachment.contentDisposition !== undefined) described.contentDisposition = attachment.contentDisposition;
      if (attachment.cid !== undefined) described.cid = attachment.cid;
      return described;
    }),
    urls: { raw: messageUrl(base, mail.id, '/raw') },
  };
  if (mail.text !== undefined) view.text = mail.text;
  if (mail.html !== undefined) {
    view.html = mail.html;
    view.urls.html = messageUrl(base, mail.id, '/html');
  }
  return view;
}

/**
 * Whether a message matches a search: every word of `query` appears, case-insensitively, in its subject, From,
 * To, Cc, envelope recipients or text body. An empty query matches everything.
 */
export function matchesQuery(mail: CapturedMail, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [mail.subject ?? '', mail.from ?? '', ...mail.to, ...mail.cc, ...mail.envelope.to, mail.text ?? ''].join('\n').toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/**
 * The HTML body for the sandboxed frame, with `cid:` references to the message's inline parts turned into
 * `data:` URLs: the frame's policy loads nothing from the network, and a browser cannot resolve `cid:` itself.
 */
export function inlineCidImages(mail: CapturedMail): string {
  const byCid = new Map(mail.attachments.filter((a) => a.cid !== undefined).map((a) => [a.cid!.toLowerCase(), a]));
  if (byCid.size === 0) return mail.html ?? '';
  return (mail.html ?? '').replace(/\bcid:([^"'\s)>]+)/gi, (whole, cid: string) => {
    let key: string;
    try {
      key = decodeURIComponent(cid).toLowerCase();
    } catch {
      return whole;
    }
    const part = byCid.get(key);
    // Only an image type goes into a data: URL; anything else stays an unresolvable cid: reference.
    return part && /^image\/[\w.+-]+$/i.test(part.contentType) ? `data:${part.contentType};base64,${part.content.toString('base64')}` : whole;
  });
}
