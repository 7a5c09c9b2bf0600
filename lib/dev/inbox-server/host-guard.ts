/** The dev mail server's DNS-rebinding guard: its web inbox answers only requests whose Host header names it. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SmtpError } from '../../core/errors.js';
import { formatHost } from './listen.js';

/**
 * Names that always reach a server on this machine's loopback. An attacker's page cannot be served under one of
 * them, so a request carrying one is not a DNS-rebinding request.
 */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** The longest Host value echoed back in a refusal: enough to recognise it, never a page of attacker text. */
const MAX_ECHOED_HOST_CHARS = 100;

/** A Host header, or an allowed-host entry, split: the name lower-cased (IPv6 in brackets), the port if given. */
interface HostName {
  name: string;
  port?: number;
}

/** A checked `allowedHosts` entry: without a port it matches on any port (a proxy or port mapping may change it). */
type AllowedHost = HostName;

/**
 * Splits `name`, `name:port`, `[v6]` or `[v6]:port` (RFC 9110 §7.2: `uri-host [ ":" port ]`).
 * @returns undefined for anything else (a path, credentials, spaces, an out-of-range port)
 */
function splitHost(value: string): HostName | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._~-]+)(?::(\d{1,5}))?$/.exec(value.trim().toLowerCase());
  if (!match) return undefined;
  if (match[2] === undefined) return { name: match[1] };
  const port = Number(match[2]);
  return port <= 65535 ? { name: match[1], port } : undefined;
}

/**
 * Checks the `allowedHosts` option: host names or addresses, each optionally with `:port`; a bare IPv6 address
 * is taken as is (`::1` or `[::1]`).
 * @throws SmtpError ECONFIG naming the entry that is not a host.
 */
export function checkAllowedHosts(value: unknown): AllowedHost[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SmtpError('ECONFIG', 'invalid option allowedHosts: expected an array of host names, e.g. [\'devbox.local\']');
  return value.map((entry: unknown) => {
    const text = typeof entry === 'string' && entry.split(':').length > 2 && !entry.startsWith('[') ? `[${entry}]` : entry;
    const host = typeof text === 'string' ? splitHost(text) : undefined;
    if (!host) throw new SmtpError('ECONFIG', `invalid option allowedHosts: ${JSON.stringify(entry)} is not a host name or address (with an optional :port)`);
    return host;
  });
}

/** A guard over one server's requests: true to serve; false once it has answered 403. */
export type HostGuard = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Creates the guard. Threat: a page on `attacker.example` re-points its DNS name at 127.0.0.1 (DNS rebinding);
 * the browser then counts the inbox as that page's own origin, and its scripts could read every message and
 * clear them. Such requests still carry `Host: attacker.example`, so the inbox answers only a Host that names
 * it: its bound host, `localhost`, `127.0.0.1` or `[::1]`, on the port the request arrived on; or an
 * `allowedHosts` entry.
 * @param boundHost the address the server listens on (`127.0.0.1`, `0.0.0.0`, `::1`, a name)
 */
export function createHostGuard(boundHost: string, allowedHosts: readonly AllowedHost[]): HostGuard {
  const ownNames = new Set([...LOOPBACK_NAMES, formatHost(boundHost).toLowerCase()]);
  // Where a refused user should go instead: the address printed at startup, `localhost` for a wildcard one.
  const shownHost = boundHost === '0.0.0.0' || boundHost === '::' ? 'localhost' : formatHost(boundHost);
  return (req, res) => {
    const port = req.socket.localPort;
    const header = req.headers.host;
    const host = header === undefined ? undefined : splitHost(header);
    // A Host without a port means the scheme's default (RFC 9110 §4.2.1): 80 for http.
    const hostPort = host?.port ?? 80;
    const isOwn = host !== undefined && ownNames.has(host.name) && hostPort === port;
    const isAllowed = host !== undefined && allowedHosts.some((entry) => entry.name === host.name && (entry.port === undefined || entry.port === hostPort));
    if (isOwn || isAllowed) return true;
    refuse(res, header, `http://${shownHost}:${port ?? ''}/`, host?.name);
    return false;
  };
}

/** 403 with one line saying why and what to do, as plain text that no browser renders or sniffs. */
function refuse(res: ServerResponse, header: string | undefined, ownUrl: string, name: string | undefined): void {
  const why = header === undefined
    ? 'the request has no Host header, and the dev inbox answers only requests that name it'
    : `the Host header ${JSON.stringify(header.slice(0, MAX_ECHOED_HOST_CHARS))} does not name this dev inbox`;
  const allow = name === undefined ? '' : `, or let that name in with --allow-host ${name} (allowedHosts: ['${name}'])`;
  const message = `refused: ${why} (a guard against DNS rebinding); open it at ${ownUrl}${allow}\n`;
  res.writeHead(403, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(message),
  });
  res.end(message);
}
