/** createInboxHandler: the dev inbox (page, JSON, downloads, live events, previews) as one node:http handler. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SmtpError } from '../../core/errors.js';
import type { MailerDevStore } from '../mailer-dev-store.js';
import { InboxEvents } from './inbox-events.js';
import { sendError } from './inbox-http.js';
import { checkPreviewOptions, type InboxPreviewOptions } from './inbox-previews.js';
import { matchRoute, pathSegments, type Route } from './inbox-router.js';
import { messageRoutes } from './message-routes.js';
import { previewRoutes } from './preview-routes.js';

/** Where the inbox is mounted unless told otherwise. */
export const DEFAULT_INBOX_PATH = '/__mail';

/** Options of {@link createInboxHandler}. */
export interface InboxHandlerOptions {
  /** The path the inbox answers under; `'/'` serves it at the root. @defaultValue '/__mail' */
  basePath?: string;
  /** Template previews: the mailer's templates and example contexts to render them with. @defaultValue none */
  previews?: InboxPreviewOptions;
}

/**
 * Serves one request if its path is under the inbox's base path, and resolves `true`; resolves `false` for any
 * other path, touching nothing, so the caller can pass the request on. Never rejects: a failure inside answers 500.
 */
export interface InboxHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** The normalised base path (`''` when mounted at the root). */
  readonly basePath: string;
  /** Ends every open event stream and stops listening to the store, so that the HTTP server can close. */
  close(): void;
}

/**
 * The base path without a trailing slash (`''` for the root).
 * @throws SmtpError ECONFIG for a path that is not absolute or holds characters a URL path would encode.
 */
export function normalizeBasePath(basePath: unknown): string {
  if (typeof basePath !== 'string' || !/^\/[\w.~/-]*$/.test(basePath) || basePath.includes('//')) {
    throw new SmtpError('ECONFIG', `invalid option basePath: ${JSON.stringify(basePath)}; expected an absolute URL path such as '/__mail'`);
  }
  return basePath.replace(/\/+$/, '');
}

/** The request's path and query; Express and Connect strip a mount path from `req.url` but keep `originalUrl`. */
function requestUrl(req: IncomingMessage): URL {
  const original = (req as { originalUrl?: unknown }).originalUrl;
  return new URL(typeof original === 'string' ? original : (req.url ?? '/'), 'http://inbox.invalid');
}

/**
 * Creates the dev inbox over a {@link MailerDevStore}: a page listing the messages newest first (live over
 * Server-Sent Events), each one's headers, envelope, HTML (in a sandboxed frame), text, attachments and `.eml`,
 * a search, a clear button, a JSON API and optional template previews. Framework-free: it serves a bare
 * `http.createServer`, and Nest (Express or Fastify) through `MailerDevInboxModule`.
 *
 * Routes, under the base path: `GET /` (page; `?q=` search, `?id=` one message), `GET /events` (SSE: `message`,
 * `clear`), `POST /clear` (the page's form), `GET /api/messages?q=`, `GET /api/messages/:id`,
 * `GET /api/messages/:id/raw`, `GET /api/messages/:id/html`, `GET /api/messages/:id/attachments/:index`,
 * `DELETE /api/messages`, `GET /previews`, `GET /previews/:template/:locale`, `GET /api/previews`.
 *
 * @throws SmtpError ECONFIG for a bad `basePath` or `previews`.
 * @example
 * const transport = createMailTransport('memory://');
 * const inbox = createInboxHandler(transport.store);
 * http.createServer(async (req, res) => {
 *   if (!(await inbox(req, res))) res.writeHead(404).end();
 * }).listen(1080, '127.0.0.1'); // http://127.0.0.1:1080/__mail
 */
export function createInboxHandler(store: MailerDevStore, options: InboxHandlerOptions = {}): InboxHandler {
  const base = normalizeBasePath(options.basePath ?? DEFAULT_INBOX_PATH);
  const previews = options.previews === undefined ? undefined : checkPreviewOptions(options.previews);
  const events = new InboxEvents(store);
  // Per handler, never module state: the clear form carries it, and only a same-origin page can read it.
  const clearToken = randomBytes(18).toString('base64url');

  const routes: Route[] = [
    ...messageRoutes({ store, base, events, clearToken, hasPreviews: previews !== undefined }),
    ...previewRoutes(base, previews),
  ];

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = requestUrl(req);
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return false;
    try {
      const segments = pathSegments(url.pathname.slice(base.length) || '/');
      const match = segments === undefined ? { allowed: [] } : matchRoute(routes, req.method ?? 'GET', segments);
      if (match.route) {
        await match.route.handle({ req, res, params: match.params, query: url.searchParams });
      } else if (match.allowed.length > 0) {
        res.setHeader('Allow', [...new Set(match.allowed.flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method])))].join(', '));
        sendError(res, 405, `${req.method} is not allowed on ${url.pathname}`);
      } else {
        sendError(res, 404, `no inbox route ${url.pathname}`);
      }
    } catch (err) {
      if (!res.headersSent) sendError(res, 500, err instanceof Error ? err.message : String(err));
      else res.destroy();
    }
    return true;
  };
  return Object.assign(handler, { basePath: base, close: () => events.close() });
}
