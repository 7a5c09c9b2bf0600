import type { SmtpOptions } from './options.js';
/**
 * Parses an `smtp://` (port 587) or `smtps://` (secure, port 465) URL. Credentials are percent-decoded into
 * `auth`; query parameters set options of the same name, `true`/`false` and numbers converted, dotted names nested.
 * @throws SmtpError ECONFIG for a malformed URL or an unknown protocol (the message never contains the password).
 */
export declare function parseConnectionUrl(url: string): SmtpOptions;
