/** Fetches an http(s) content source, following at most 5 redirects, to http(s) only. */
import type { IncomingMessage } from 'node:http';
import { SmtpError } from '../core/errors.js';

/** http(s) redirects are followed up to 5. */
export const MAX_REDIRECTS = 5;
/** A source that sends nothing for this long fails, so a stalled server cannot hold a send forever. */
export const FETCH_IDLE_TIMEOUT_MS = 60_000;

function describe(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the URL';
  }
}

function request(url: URL): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    // Loaded on the first fetch: most apps never send a URL source, and node:https costs a few ms at start-up.
    const get = url.protocol === 'https:' ? process.getBuiltinModule('node:https').get : process.getBuiltinModule('node:http').get;
    const req = get(url, { headers: { 'user-agent': 'nestjs-smtp' } }, resolve);
    req.setTimeout(FETCH_IDLE_TIMEOUT_MS, () => req.destroy(new Error(`no data for ${FETCH_IDLE_TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

/**
 * Opens an http(s) URL and resolves its body stream once a 2xx answer arrives.
 * @throws SmtpError EURLACCESS for a redirect to anything but http(s) or more than 5 redirects;
 *   ESTREAM for a network failure or a non-2xx status.
 */
export async function fetchUrl(href: string): Promise<IncomingMessage> {
  let url = new URL(href);
  for (let redirects = 0; ; redirects++) {
    let response: IncomingMessage;
    try {
      response = await request(url);
    } catch (err) {
      throw new SmtpError('ESTREAM', `could not fetch ${describe(url.href)}: ${(err as Error).message}`, { cause: err });
    }
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (redirects >= MAX_REDIRECTS) {
        throw new SmtpError('EURLACCESS', `too many redirects fetching ${describe(href)} (at most ${MAX_REDIRECTS})`);
      }
      const next = new URL(response.headers.location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new SmtpError('EURLACCESS', `refusing a redirect from ${describe(url.href)} to a ${next.protocol} URL: only http and https are followed`);
      }
      url = next;
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new SmtpError('ESTREAM', `could not fetch ${describe(url.href)}: HTTP ${status}`);
    }
    return response;
  }
}
