import type { IncomingMessage } from 'node:http';
/** SPEC, Messages: http(s) redirects are followed up to 5. */
export declare const MAX_REDIRECTS = 5;
/** A source that sends nothing for this long fails, so a stalled server cannot hold a send forever. */
export declare const FETCH_IDLE_TIMEOUT_MS = 60000;
/**
 * Opens an http(s) URL and resolves its body stream once a 2xx answer arrives.
 * @throws SmtpError EURLACCESS for a redirect to anything but http(s) or more than 5 redirects;
 *   ESTREAM for a network failure or a non-2xx status.
 */
export declare function fetchUrl(href: string): Promise<IncomingMessage>;
