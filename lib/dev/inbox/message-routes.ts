/** The inbox's message routes: the page, the event stream, clearing, and the JSON and download routes. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { MailerDevStore } from '../mailer-dev-store.js';
import type { InboxEvents } from './inbox-events.js';
import { BODY_CSP, pageCsp, sendDownload, sendError, sendHtml, sendJson, sendNoContent, sendRedirect } from './inbox-http.js';
import { renderInboxPage } from './inbox-page.js';
import type { Route, RouteContext } from './inbox-router.js';
import { describeMail, inlineCidImages, matchesQuery, summarize } from './inbox-views.js';

/** What the message routes share with the handler. */
export interface MessageRouteOptions {
  store: MailerDevStore;
  /** The mount path, without a trailing slash. */
  base: string;
  events: InboxEvents;
  /** The token the clear form carries. */
  clearToken: string;
  /** Whether the page links to the previews. */
  hasPreviews: boolean;
}

/**
 * Whether a request that changes state comes from the inbox's own origin. Browsers send `Sec-Fetch-Site` and
 * `Origin` on cross-site POSTs; a request without either (curl, a test) comes from no page at all.
 */
function isSameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    // `Origin: null` (a sandboxed frame, a file: page) is never the inbox.
    return false;
  }
}

function tokenMatches(given: string | null, token: string): boolean {
  if (given === null || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

/** The routes of the page, `events`, `clear` and `api/messages`. */
export function messageRoutes({ store, base, events, clearToken, hasPreviews }: MessageRouteOptions): Route[] {
  const findMail = ({ res, params }: RouteContext) => {
    const mail = store.get(params.id);
    if (!mail) sendError(res, 404, `no message ${params.id}`);
    return mail;
  };

  return [
    {
      method: 'GET',
      pattern: '',
      handle: ({ res, query }) => {
        const q = query.get('q') ?? '';
        const id = query.get('id') ?? undefined;
        const mail = id === undefined ? undefined : store.get(id);
        const nonce = randomBytes(16).toString('base64');
        const messages = store.list().filter((m) => matchesQuery(m, q)).map(summarize);
        const html = renderInboxPage({
          base, nonce, clearToken, query: q, messages, hasPreviews,
          ...(mail && { selected: describeMail(mail, base) }),
          ...(id !== undefined && !mail && { missingId: id }),
        });
        sendHtml(res, 200, html, pageCsp(nonce));
      },
    },
    { method: 'GET', pattern: 'events', handle: ({ req, res }) => events.open(req, res) },
    {
      method: 'POST',
      pattern: 'clear',
      handle: ({ req, res, query }) => {
        // A cross-site form can POST here; it cannot read the page, so it cannot know the token.
        if (!isSameOrigin(req) || !tokenMatches(query.get('token'), clearToken)) return sendError(res, 403, 'refusing to clear: the request did not come from the inbox page');
        store.clear();
        sendRedirect(res, `${base}/`);
      },
    },
    {
      method: 'GET',
      pattern: 'api/messages',
      handle: ({ res, query }) => sendJson(res, 200, store.list().filter((m) => matchesQuery(m, query.get('q') ?? '')).map(summarize)),
    },
    {
      method: 'DELETE',
      pattern: 'api/messages',
      handle: ({ req, res }) => {
        // A cross-site page cannot send DELETE without a CORS preflight, which the inbox never grants.
        if (!isSameOrigin(req)) return sendError(res, 403, 'refusing to clear: cross-origin request');
        store.clear();
        sendNoContent(res);
      },
    },
    {
      method: 'GET',
      pattern: 'api/messages/:id',
      handle: (context) => {
        const mail = findMail(context);
        if (mail) sendJson(context.res, 200, describeMail(mail, base));
      },
    },
    {
      method: 'GET',
      pattern: 'api/messages/:id/raw',
      handle: (context) => {
        const mail = findMail(context);
        if (mail) sendDownload(context.res, mail.raw, 'message/rfc822', `message-${mail.id}.eml`);
      },
    },
    {
      method: 'GET',
      pattern: 'api/messages/:id/html',
      handle: (context) => {
        const mail = findMail(context);
        if (!mail) return;
        if (mail.html === undefined) return sendError(context.res, 404, `message ${mail.id} has no HTML body`);
        sendHtml(context.res, 200, inlineCidImages(mail), BODY_CSP);
      },
    },
    {
      method: 'GET',
      pattern: 'api/messages/:id/attachments/:index',
      handle: (context) => {
        const mail = findMail(context);
        if (!mail) return;
        const { index } = context.params;
        const attachment = /^\d+$/.test(index) ? mail.attachments[Number(index)] : undefined;
        if (!attachment) return sendError(context.res, 404, `message ${mail.id} has no attachment ${index}`);
        sendDownload(context.res, attachment.content, 'application/octet-stream', attachment.filename ?? `attachment-${Number(index) + 1}`);
      },
    },
  ];
}
