/** Connection URLs (`smtp://user:pass@host:587/?pool=true`) to plain options for the same validator. */
import { SmtpError } from '../core/errors.js';

const PROTOCOLS: Record<string, { secure: boolean }> = {
  'smtp:': { secure: false },
  'smtps:': { secure: true },
};

/** Query keys that are never copied from a URL: they would reach into prototypes. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

function convertValue(raw: string): string | number | boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

function setPath(target: Record<string, unknown>, dottedKey: string, value: unknown): void {
  const keys = dottedKey.split('.');
  if (keys.some((key) => !key || FORBIDDEN_KEYS.has(key))) {
    throw new SmtpError('ECONFIG', `invalid connection URL: bad query parameter ${JSON.stringify(dottedKey)}`);
  }
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== 'object' || child === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new SmtpError('ECONFIG', 'invalid connection URL: malformed percent-encoding in the credentials');
  }
}

/**
 * The query of a connection URL as options: `true`/`false` and numbers converted, dotted names nested
 * (`tls.rejectUnauthorized=false`). Shared by every URL scheme, so all read their queries the same way.
 * @throws SmtpError ECONFIG for a name that would reach into prototypes.
 */
export function parseUrlQuery(params: URLSearchParams): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, value] of params) setPath(options, key, convertValue(value));
  return options;
}

/**
 * Parses an `smtp://` (port 587) or `smtps://` (secure, port 465) URL. Credentials are percent-decoded into
 * `auth`; query parameters set options of the same name, `true`/`false` and numbers converted, dotted names nested.
 * The result is not validated yet (a query can name any option with any value): `resolveOptions` checks it,
 * which is why it is typed as a plain record rather than `SmtpOptions`.
 * @throws SmtpError ECONFIG for a malformed URL or an unknown protocol (the message never contains the password).
 */
export function parseConnectionUrl(url: string): Record<string, unknown> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SmtpError('ECONFIG', 'invalid connection URL: cannot be parsed (expected smtp://host:port or smtps://host:port)');
  }
  const protocol = PROTOCOLS[parsed.protocol];
  if (!protocol) {
    throw new SmtpError('ECONFIG', `invalid connection URL: unknown protocol ${JSON.stringify(parsed.protocol)} (smtp: or smtps:)`);
  }
  const options = parseUrlQuery(parsed.searchParams);

  options.secure = protocol.secure;
  // URL keeps IPv6 hosts in brackets; sockets want them bare.
  if (parsed.hostname) options.host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (parsed.port) options.port = Number(parsed.port);
  if (parsed.username || parsed.password) {
    const auth = (typeof options.auth === 'object' && options.auth !== null ? options.auth : {}) as Record<string, unknown>;
    options.auth = { ...auth, user: decode(parsed.username), pass: decode(parsed.password) };
  }
  return options;
}
