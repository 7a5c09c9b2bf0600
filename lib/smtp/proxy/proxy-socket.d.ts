/** Opens the TCP (or, for https:// proxies, TLS) connection to the proxy and maps its failures to SmtpError. */
import type { LookupAddress } from 'node:dns';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { type ProxyConfig } from './proxy-url.js';
/** A `dns.lookup`-compatible resolver in its `{ all: true }` form (SPEC's `lookup` option). */
export type ProxyLookupFunction = (hostname: string, options: {
    all: true;
    family?: number;
}, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;
/** How to reach the proxy itself. */
export interface ProxySocketOptions {
    localAddress?: string;
    lookup?: ProxyLookupFunction;
    /** TLS options for an https:// proxy (verification of the proxy's certificate). */
    tls?: tls.ConnectionOptions;
}
/**
 * Starts connecting to the proxy. The socket is returned at once so a timeout can destroy it
 * (with its own SmtpError, which `ready` then rejects with); `ready` settles on connect or failure.
 */
export declare function openProxySocket(proxy: ProxyConfig, options: ProxySocketOptions): {
    socket: net.Socket;
    ready: Promise<void>;
};
