/** Opens the TCP (or, for https:// proxies, TLS) connection to the proxy and maps its failures to SmtpError. */
import type { LookupAddress, LookupOptions } from 'node:dns';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { SmtpError } from '../../core/errors.js';
import { describeProxy } from './proxy-errors.js';
import { isIpLiteral, type ProxyConfig } from './proxy-url.js';

/** A `dns.lookup`-compatible resolver in its `{ all: true }` form (the `lookup` option). */
export type ProxyLookupFunction = (
  hostname: string,
  options: { all: true; family?: number },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** How to reach the proxy itself. */
export interface ProxySocketOptions {
  localAddress?: string;
  lookup?: ProxyLookupFunction;
  /** TLS options for an https:// proxy (verification of the proxy's certificate). */
  tls?: tls.ConnectionOptions;
}

const DNS_ERROR_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA']);

/** Adapts an `all: true` lookup to what `net.connect` calls, which may ask for one address or all. */
function toNetLookup(lookup: ProxyLookupFunction): net.LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    const family = typeof options.family === 'number' && options.family !== 0 ? options.family : undefined;
    lookup(hostname, family === undefined ? { all: true } : { all: true, family }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (first === undefined) {
        const notFound: NodeJS.ErrnoException = Object.assign(new Error(`lookup ${hostname} found no address`), { code: 'ENOTFOUND' });
        return callback(notFound, '', 0);
      }
      callback(null, first.address, first.family);
    });
  };
}

/** Maps a failure to reach the proxy: its name (EDNS), TCP (ECONNECTION) or its TLS handshake (ETLS). */
function connectError(proxy: ProxyConfig, err: NodeJS.ErrnoException, tcpConnected: boolean): SmtpError {
  const details = { phase: 'connect' as const, cause: err };
  const reason = err.code ?? err.message;
  if (DNS_ERROR_CODES.has(err.code ?? '')) {
    return new SmtpError('EDNS', `cannot resolve the ${describeProxy(proxy)}: ${reason}`, { ...details, phase: 'dns' });
  }
  if (tcpConnected) {
    return new SmtpError('ETLS', `TLS handshake with the ${describeProxy(proxy)} failed: ${err.message}`, details);
  }
  return new SmtpError('ECONNECTION', `cannot connect to the ${describeProxy(proxy)}: ${reason}`, details);
}

/**
 * Starts connecting to the proxy. The socket is returned at once so a timeout can destroy it
 * (with its own SmtpError, which `ready` then rejects with); `ready` settles on connect or failure.
 */
export function openProxySocket(proxy: ProxyConfig, options: ProxySocketOptions): { socket: net.Socket; ready: Promise<void> } {
  const base: net.TcpNetConnectOpts = { host: proxy.host, port: proxy.port };
  if (options.localAddress !== undefined) base.localAddress = options.localAddress;
  if (options.lookup !== undefined) base.lookup = toNetLookup(options.lookup);
  const secure = proxy.protocol === 'https';
  // SNI takes a name only (RFC 6066 §3); an IP proxy is verified against its IP SAN by Node.
  const servername = options.tls?.servername ?? (isIpLiteral(proxy.host) ? undefined : proxy.host);
  const socket = secure ? tls.connect({ ...options.tls, ...base, ...(servername === undefined ? {} : { servername }) }) : net.connect(base);
  let tcpConnected = false;
  const ready = new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      cleanup();
      reject(err instanceof SmtpError ? err : connectError(proxy, err, secure && tcpConnected));
    };
    const onTcpConnect = (): void => {
      tcpConnected = true;
      if (!secure) done();
    };
    const onClose = (): void => {
      onError(Object.assign(new Error('connection closed before it was established'), { code: 'ECONNRESET' }));
    };
    const done = (): void => {
      cleanup();
      resolve();
    };
    const cleanup = (): void => {
      socket.off('error', onError);
      socket.off('connect', onTcpConnect);
      socket.off('secureConnect', done);
      socket.off('close', onClose);
    };
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.on('connect', onTcpConnect);
    if (secure) socket.on('secureConnect', done);
  });
  return { socket, ready };
}
