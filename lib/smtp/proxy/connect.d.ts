import type * as net from 'node:net';
import type * as tls from 'node:tls';
import { type ProxyLookupFunction } from './proxy-socket.js';
import { type ProxyTarget } from './target.js';
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
/**
 * Checks a proxy URL without connecting: scheme, host, port, credentials' encoding and limits.
 *
 * @throws SmtpError `ECONFIG` for a malformed URL or an unknown scheme; the message never contains the password.
 * @example validateProxyUrl('socks5://user:secret@proxy.example:1080');
 */
export declare function validateProxyUrl(url: string): void;
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
export declare function connectThroughProxy(proxyUrl: string, target: ProxyTarget, options: ProxyConnectOptions): Promise<net.Socket | tls.TLSSocket>;
