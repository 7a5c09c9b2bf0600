/** Parses and checks a proxy URL (`http:`, `https:`, `socks4:`, `socks4a:`, `socks5:`) into a ProxyConfig. */
import { isIP } from 'node:net';
import { SmtpError } from '../../core/errors.js';

/** The proxy protocols written here. */
export type ProxyProtocol = 'http' | 'https' | 'socks4' | 'socks4a' | 'socks5';

/** A parsed proxy URL. `user`/`pass` are percent-decoded. */
export interface ProxyConfig {
  protocol: ProxyProtocol;
  /** Host name or IP, IPv6 without brackets. */
  host: string;
  port: number;
  user?: string;
  pass?: string;
}

const DEFAULT_PORTS: Record<ProxyProtocol, number> = {
  http: 80,
  https: 443,
  socks4: 1080,
  socks4a: 1080,
  socks5: 1080,
};

/** RFC 1929 §2: ULEN and PLEN are one octet each. */
const MAX_SOCKS5_CREDENTIAL_BYTES = 255;

function configError(message: string, cause?: unknown): SmtpError {
  return new SmtpError('ECONFIG', message, { phase: 'connect', cause });
}

function decodeCredential(value: string, what: string, protocol: string): string {
  try {
    return decodeURIComponent(value);
  } catch (err) {
    // The value itself may be a secret: name the part, never echo it.
    throw configError(`invalid percent-encoding in the ${protocol} proxy URL's ${what}`, err);
  }
}

function isProxyProtocol(value: string): value is ProxyProtocol {
  return Object.hasOwn(DEFAULT_PORTS, value);
}

/**
 * Parses a proxy URL.
 *
 * @throws SmtpError `ECONFIG` for a malformed URL, an unknown scheme, a password on a SOCKS4 URL (the
 *   protocol has none) or SOCKS5 credentials over 255 bytes. The message never contains the password.
 */
export function parseProxyUrl(url: string): ProxyConfig {
  if (typeof url !== 'string' || url === '') throw configError('proxy must be a non-empty URL string');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    // Do not echo the URL: it may carry a password.
    throw configError('proxy is not a valid URL (expected e.g. socks5://host:1080)', err);
  }
  const protocol = parsed.protocol.replace(/:$/, '').toLowerCase();
  if (!isProxyProtocol(protocol)) {
    throw configError(`unsupported proxy protocol "${protocol}:"; use http, https, socks4, socks4a or socks5`);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw configError(`the ${protocol} proxy URL has no host`);
  const config: ProxyConfig = { protocol, host, port: parsed.port === '' ? DEFAULT_PORTS[protocol] : Number(parsed.port) };
  if (parsed.username !== '') config.user = decodeCredential(parsed.username, 'user name', protocol);
  if (parsed.password !== '') config.pass = decodeCredential(parsed.password, 'password', protocol);
  checkCredentials(config);
  return config;
}

function checkCredentials(config: ProxyConfig): void {
  const { protocol, user, pass } = config;
  if ((protocol === 'socks4' || protocol === 'socks4a') && pass !== undefined) {
    throw configError(`${protocol} has no password authentication (only a user id); use socks5:// for user:pass`);
  }
  if ((protocol === 'socks4' || protocol === 'socks4a') && user?.includes('\0')) {
    throw configError(`the ${protocol} user id may not contain NUL`);
  }
  if (protocol === 'socks5' && (user !== undefined || pass !== undefined)) {
    const userBytes = Buffer.byteLength(user ?? '');
    const passBytes = Buffer.byteLength(pass ?? '');
    if (userBytes < 1 || userBytes > MAX_SOCKS5_CREDENTIAL_BYTES || passBytes < 1 || passBytes > MAX_SOCKS5_CREDENTIAL_BYTES) {
      throw configError('socks5 user name and password must each be 1 to 255 bytes (RFC 1929)');
    }
  }
  if ((protocol === 'http' || protocol === 'https') && /[\r\n]/.test(`${user ?? ''}${pass ?? ''}`)) {
    throw configError(`the ${protocol} proxy credentials may not contain CR or LF`);
  }
  if ((protocol === 'http' || protocol === 'https') && user?.includes(':')) {
    // RFC 7617 §2: the user-id of Basic credentials cannot contain a colon.
    throw configError(`the ${protocol} proxy user name may not contain ":"`);
  }
}

/** Whether a host string is an IP literal (v4 or v6). */
export function isIpLiteral(host: string): boolean {
  return isIP(host) !== 0;
}

/** Host and port as written in an HTTP CONNECT request target (RFC 9110 §9.3.6), IPv6 in brackets. */
export function formatAuthority(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/**
 * Checks a proxy URL without connecting: scheme, host, port, credentials' encoding and limits.
 *
 * @throws SmtpError `ECONFIG` for a malformed URL or an unknown scheme; the message never contains the password.
 * @example validateProxyUrl('socks5://user:secret@proxy.example:1080');
 */
export function validateProxyUrl(url: string): void {
  parseProxyUrl(url);
}
