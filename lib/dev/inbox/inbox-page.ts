/** The inbox page: the message list (newest first), a search box, a clear button and one message in full. */
import { escapeHtml, segment } from './html.js';
import { INBOX_SCRIPT } from './inbox-script.js';
import { INBOX_STYLE } from './inbox-style.js';
import type { InboxMessageView, InboxSummary } from './inbox-views.js';

/** What the page shows. */
export interface InboxPageModel {
  /** The mount path, without a trailing slash (`''` at the root). */
  base: string;
  /** Nonce of the page's one script. */
  nonce: string;
  /** The token the clear form must carry. */
  clearToken: string;
  /** The search, as typed. */
  query: string;
  /** The messages matching it, newest first. */
  messages: InboxSummary[];
  /** The message asked for with `?id=`. */
  selected?: InboxMessageView;
  /** `?id=` named a message the store does not hold (any more). */
  missingId?: string;
  /** Whether template previews are configured (a link to them is shown). */
  hasPreviews: boolean;
}

/** The page's header: title, navigation, search and clear. Shared with the preview pages. */
export function pageHeader(base: string, options: { query?: string; clearToken?: string; hasPreviews: boolean }): string {
  const search = options.clearToken === undefined
    ? ''
    : `<form id="search" method="get" action="${escapeHtml(base)}/" role="search"><input name="q" type="search" placeholder="subject, from, to, text" value="${escapeHtml(options.query ?? '')}"><button type="submit" class="quiet">Search</button></form>`
      + `<form id="clear" method="post" action="${escapeHtml(base)}/clear?token=${escapeHtml(segment(options.clearToken))}"><button type="submit">Clear all</button></form>`;
  return `<header><h1><span>nestjs-smtp</span> dev inbox</h1><nav><a href="${escapeHtml(base)}/">Messages</a>`
    + (options.hasPreviews ? `<a href="${escapeHtml(base)}/previews">Template previews</a>` : '')
    + `</nav><span class="grow"></span>${search}</header>`;
}

/** A whole HTML document around `body`. */
export function document(title: string, body: string, bodyAttributes = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${INBOX_STYLE}</style>
</head>
<body${bodyAttributes}>
${body}
</body>
</html>
`;
}

function row(model: InboxPageModel, message: InboxSummary): string {
  const query = new URLSearchParams(model.query ? { id: message.id, q: model.query } : { id: message.id });
  const to = message.to.join(', ');
  return `<tr data-id="${escapeHtml(message.id)}"${message.id === model.selected?.id ? ' class="selected"' : ''}>`
    + `<td title="${escapeHtml(message.from ?? '')}">${escapeHtml(message.from ?? '')}</td>`
    + `<td title="${escapeHtml(to)}">${escapeHtml(to)}</td>`
    + `<td><a href="${escapeHtml(`${model.base}/?${query}`)}">${escapeHtml(message.subject || '(no subject)')}</a></td>`
    + `<td data-date="${escapeHtml(message.date)}" title="${escapeHtml(message.date)}">${escapeHtml(message.date)}</td></tr>`;
}

function list(model: InboxPageModel): string {
  const heading = model.query ? `Matching “${escapeHtml(model.query)}”` : 'Messages';
  return `<section><h2>${heading} <span id="count">(${model.messages.length})</span> <span id="status" class="live">connecting...</span></h2>`
    + '<table id="messages"><colgroup><col style="width:25%"><col style="width:25%"><col><col style="width:18%"></colgroup>'
    + '<thead><tr><th>From</th><th>To</th><th>Subject</th><th>Received</th></tr></thead>'
    + `<tbody>${model.messages.map((message) => row(model, message)).join('')}</tbody></table>`
    + `<p id="empty" class="empty"${model.messages.length ? ' hidden' : ''}>No messages${model.query ? ' match' : ' yet'}. New messages appear here as they arrive, without a reload.</p></section>`;
}

function fields(entries: Array<[string, string | undefined]>): string {
  return entries.filter(([, value]) => value !== undefined && value !== '').map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value!)}</dd>`).join('');
}

/** One message: summary fields, the HTML body in a sandboxed frame, the text, attachments, headers. */
function detail(model: InboxPageModel): string {
  const message = model.selected;
  if (!message) {
    const text = model.missingId !== undefined ? `No message ${escapeHtml(model.missingId)}: it was cleared or dropped past the store's limit.` : 'Select a message to read it.';
    return `<section id="detail"><h2>Message</h2><p class="empty">${text}</p></section>`;
  }
  const summary = fields([
    // The header as written (display names included); the bare addresses when the header is missing.
    ['From', message.headers.from?.[0] ?? message.from],
    ['To', message.headers.to?.join(', ') ?? message.to.join(', ')],
    ['Cc', message.headers.cc?.join(', ') ?? message.cc.join(', ')],
    ['Reply-To', message.replyTo.join(', ')],
    ['Envelope from', message.envelope.from || '<>'],
    ['Envelope to', message.envelope.to.join(', ')],
    ['Message-ID', message.messageId],
    ['Size', `${message.size} bytes`],
    ['Received', message.date],
  ]);
  const attachments = message.attachments.map((attachment) =>
    `<li><a href="${escapeHtml(attachment.url)}" download>${escapeHtml(attachment.filename ?? `part ${attachment.index + 1}`)}</a> <span class="muted">(${escapeHtml(attachment.contentType)}, ${attachment.size} bytes${attachment.cid ? `, cid:${escapeHtml(attachment.cid)}` : ''})</span></li>`).join('');
  const headers = Object.entries(message.headers).flatMap(([name, values]) => values.map((value): [string, string] => [name, value]));
  return `<section id="detail"><h2>${escapeHtml(message.subject || '(no subject)')}</h2><dl>${summary}</dl>`
    + `<p><a id="raw" href="${escapeHtml(message.urls.raw)}" download>Download .eml</a> · <a href="${escapeHtml(`${model.base}/api/messages/${segment(message.id)}`)}">JSON</a></p>`
    // An empty sandbox: the mail's HTML gets no script, no forms, no same-origin access, no top navigation.
    + (message.urls.html ? `<h3>HTML</h3><iframe id="html" sandbox="" referrerpolicy="no-referrer" title="HTML body" src="${escapeHtml(message.urls.html)}"></iframe>` : '')
    + (message.text !== undefined ? `<h3>Text</h3><pre id="text">${escapeHtml(message.text)}</pre>` : '')
    + (attachments ? `<h3>Attachments</h3><ul id="attachments">${attachments}</ul>` : '')
    + `<details><summary>Headers</summary><dl id="headers">${fields(headers)}</dl></details></section>`;
}

/** The whole inbox page. Every value from a message is escaped; the mail's HTML only ever renders in the sandbox. */
export function renderInboxPage(model: InboxPageModel): string {
  const body = pageHeader(model.base, { query: model.query, clearToken: model.clearToken, hasPreviews: model.hasPreviews })
    + `<main>${list(model)}${detail(model)}</main>`
    + `<script nonce="${escapeHtml(model.nonce)}">${INBOX_SCRIPT}</script>`;
  return document('Dev inbox · nestjs-smtp', body, ` data-base="${escapeHtml(model.base)}"`);
}
