/** HTTP CONNECT, SOCKS4/4a and SOCKS5 tunnels: connects through a proxy and hands back the raw tunnel socket. */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type * as net from 'node:net';
import type * as tls from 'node:tls';
import { SmtpError } from '../../core/errors.js';
import { HandshakeReader } from './handshake-reader.js';
import { httpConnectHandshake } from './http-connect.js';
import { describeProxy } from './proxy-errors.js';
import { openProxySocket, type ProxyLookupFunction } from './proxy-socket.js';
import { parseProxyUrl, type ProxyConfig } from './proxy-url.js';
import { socks4Handshake } from './socks4.js';
import { socks5Handshake } from './socks5.js';
import { normalizeProxyTarget, type ProxyTarget } from './target.js';

export type { ProxyTarget } from './target.js';
export type { ProxyLookupFunction } from './proxy-socket.js';

/** How to connect through the proxy. */
export interface ProxyConnectOptions {
  /** Budget for everything: resolving, connecting to the proxy, its TLS (https://) and the handshake. */
  timeoutMs: number;
  /** Local interface to bind the connection to the proxy to. */
  localAddress?: string;
  /**
   * Resolver for the proxy's host name, and for the SMTP host under socks4:// (which needs an IPv4
   * address). Without it, `dns.lookup` is used.
   */
  lookup?: ProxyLookupFunction;
  /**
   * TLS options for an https:// proxy's own certificate (e.g. `ca`); `servername` defaults to the
   * proxy's host name. Not used for the SMTP server: the caller runs that TLS over the returned socket.
   */
  tls?: tls.ConnectionOptions;
}

export { validateProxyUrl } from './proxy-url.js';

/** socks4:// carries an IPv4 address only, so the SMTP host is resolved here (family 4). */
async function resolveIpv4(host: string, proxy: ProxyConfig, lookup: ProxyLookupFunction | undefined): Promise<string> {
  if (isIP(host) === 4) return host;
  if (isIP(host) === 6) {
    throw new SmtpError('ECONFIG', `socks4 cannot reach the IPv6 address ${host}; use socks5://`, { phase: 'connect' });
  }
  try {
    const addresses = lookup
      ? await new Promise<{ address: string }[]>((resolve, reject) =>
          lookup(host, { all: true, family: 4 }, (err, found) => (err ? reject(err) : resolve(found))),
        )
      : await dnsLookup(host, { family: 4, all: true });
    const first = addresses.find((entry) => isIP(entry.address) === 4);
    if (first === undefined) throw new Error('no IPv4 address');
    return first.address;
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new SmtpError('EDNS', `cannot resolve ${host} to an IPv4 address for the ${describeProxy(proxy)}: ${reason} (socks4a:// or socks5:// let the proxy resolve it)`, {
      phase: 'dns',
      cause: err,
    });
  }
}

/** Rejects with the signal's reason once it aborts, so a lookup that never answers cannot hold the connect. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function runHandshake(socket: net.Socket, reader: HandshakeReader, proxy: ProxyConfig, target: ProxyTarget, socks4Ip: string | undefined): Promise<void> {
  switch (proxy.protocol) {
    case 'http':
    case 'https':
      return httpConnectHandshake(socket, reader, proxy, target);
    case 'socks4':
      return socks4Handshake(socket, reader, proxy, { address: socks4Ip ?? target.host, isName: false, port: target.port });
    case 'socks4a':
      return socks4Handshake(socket, reader, proxy, { address: target.host, isName: isIP(target.host) !== 4, port: target.port });
    case 'socks5':
      return socks5Handshake(socket, reader, proxy, target);
  }
}

async function establish(proxy: ProxyConfig, target: ProxyTarget, options: ProxyConnectOptions, signal: AbortSignal): Promise<net.Socket> {
  if (proxy.protocol === 'socks4a' && isIP(target.host) === 6) {
    throw new SmtpError('ECONFIG', `socks4a cannot reach the IPv6 address ${target.host}; use socks5://`, { phase: 'connect' });
  }
  const socks4Ip = proxy.protocol === 'socks4' ? await untilAborted(resolveIpv4(target.host, proxy, options.lookup), signal) : undefined;
  signal.throwIfAborted();
  const { socket, ready } = openProxySocket(proxy, options);
  const onAbort = (): void => void socket.destroy(signal.reason as Error);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await ready;
    const reader = new HandshakeReader(socket, proxy);
    await runHandshake(socket, reader, proxy, target, socks4Ip);
    reader.release();
    return socket;
  } catch (err) {
    socket.destroy();
    throw signal.aborted ? signal.reason : err;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Opens a connection to the proxy (TCP, or TLS for https://), asks it for a tunnel to `target`
 * (HTTP CONNECT, SOCKS4, SOCKS4a or SOCKS5) and resolves the tunnel socket, ready for SMTP bytes:
 * the caller then reads the greeting, or runs implicit TLS / STARTTLS over it (`tls.connect({ socket,
 * servername: <SMTP host> })`), verifying the SMTP host, not the proxy. Bytes the proxy sent after
 * its reply are put back on the socket; nothing has been read past them. The socket is returned
 * without an 'error' listener: attach one at once.
 *
 * @param proxyUrl `http://[user:pass@]host[:port]`, `https://...`, `socks4://[userid@]host[:port]`,
 *   `socks4a://[userid@]host[:port]` or `socks5://[user:pass@]host[:port]`.
 * @throws SmtpError, phase `connect` (`dns` for EDNS), never quoting the password:
 *   `ECONFIG` for a bad URL or a target the protocol cannot carry; `EDNS` when the proxy's name (or,
 *   for socks4, the SMTP host) does not resolve; `ECONNECTION` when the proxy cannot be reached; `ETLS`
 *   when an https:// proxy's certificate is refused; `EPROXY` when the proxy refuses, fails
 *   authentication, closes early or answers garbage (its answer is quoted); `ETIMEDOUT` when all of
 *   it takes longer than `timeoutMs`.
 * @example
 * const socket = await connectThroughProxy('socks5://proxy.internal:1080', { host: 'smtp.example.com', port: 465 }, { timeoutMs: 10_000 });
 * const secure = tls.connect({ socket, servername: 'smtp.example.com' });
 */
export async function connectThroughProxy(proxyUrl: string, target: ProxyTarget, options: ProxyConnectOptions): Promise<net.Socket | tls.TLSSocket> {
  const proxy = parseProxyUrl(proxyUrl);
  const destination = normalizeProxyTarget(target);
  const controller = new AbortController();
  const timer = setTimeout(() => {
    const message = `connecting through the ${describeProxy(proxy)} to ${destination.host}:${destination.port} timed out after ${options.timeoutMs} ms`;
    controller.abort(new SmtpError('ETIMEDOUT', message, { phase: 'connect' }));
  }, options.timeoutMs);
  try {
    return await establish(proxy, destination, options, controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
