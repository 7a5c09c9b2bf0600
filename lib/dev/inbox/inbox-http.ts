/** The inbox's responses: JSON, pages, downloads and errors, each with the headers that keep it inert. */
import type { ServerResponse } from 'node:http';

/**
 * The Content-Security-Policy of a message's (or preview's) HTML, served into an `<iframe sandbox>`: no script,
 * no network (remote images and fonts stay unloaded, so opening a mail tells no tracker), inline styles only,
 * and the `sandbox` directive so that even opened on its own the document runs in an opaque origin.
 */
export const BODY_CSP = "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; sandbox";

/** The inbox page's policy: only its own nonce script; it may frame the body route and talk to its own origin. */
export function pageCsp(nonce: string): string {
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
}

/**
 * Headers on every response: never cached (the inbox changes), never sniffed, no Referer to another origin.
 * `same-origin` rather than `no-referrer`: under `no-referrer` a browser sends `Origin: null` with the page's own
 * clear form, which the same-origin check must refuse.
 */
function commonHeaders(res: ServerResponse): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
}

/** Answers with a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  commonHeaders(res);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** Answers `{ statusCode, message }`, the shape Nest gives its own HTTP errors. */
export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { statusCode: status, message });
}

/** Answers an HTML document under `csp`. */
export function sendHtml(res: ServerResponse, status: number, html: string, csp: string): void {
  commonHeaders(res);
  // A mail's links lead off-site: from its body, no Referer at all.
  if (csp === BODY_CSP) res.setHeader('Referrer-Policy', 'no-referrer');
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', csp);
  res.end(html);
}

/** Answers 204 with no body. */
export function sendNoContent(res: ServerResponse): void {
  commonHeaders(res);
  res.statusCode = 204;
  res.end();
}

/** Answers 303 to `location` (after a form POST, so that a reload does not post again). */
export function sendRedirect(res: ServerResponse, location: string): void {
  commonHeaders(res);
  res.statusCode = 303;
  res.setHeader('Location', location);
  res.end();
}

/**
 * Answers bytes as a download, exactly as given. `Content-Disposition: attachment`, `nosniff` and a sandbox CSP
 * keep a hostile attachment (an HTML or SVG file, say) from ever rendering in the app's origin.
 */
export function sendDownload(res: ServerResponse, bytes: Buffer, contentType: string, filename: string): void {
  commonHeaders(res);
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', String(bytes.length));
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.end(bytes);
}

/** `attachment` with an ASCII fallback name and the exact name in RFC 8187 form (RFC 6266 §4.3). */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%;]/g, '_') || 'download';
  const exact = encodeURIComponent(filename).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
