/** DNS, TCP and TLS: resolving the host, connecting to each address in turn, implicit TLS and STARTTLS upgrades. */
import { type LookupAddress } from 'node:dns';
import { Socket } from 'node:net';
import { type TLSSocket, type ConnectionOptions as TlsOptions } from 'node:tls';
import { type SmtpPhase } from '../core/errors.js';
import type { LookupFunction } from './session-options.js';
export interface ResolveOptions {
    dnsTimeoutMs: number;
    lookup?: LookupFunction;
}
/**
 * The addresses to try for `host`: an IP as is; otherwise A and AAAA records, falling back to `dns.lookup`
 * (for /etc/hosts names and machines without a DNS server); or the user's `lookup`, alone.
 * @throws SmtpError EDNS when nothing resolves within `dnsTimeoutMs`.
 */
export declare function resolveHost(host: string, options: ResolveOptions): Promise<LookupAddress[]>;
export interface ConnectOptions {
    host: string;
    port: number;
    addresses: LookupAddress[];
    localAddress?: string;
    timeoutMs: number;
}
/**
 * Connects to the first address that answers, trying the next on refusal, unreachability or timeout,
 * all within `timeoutMs`.
 * @throws SmtpError ECONNECTION (refused, unreachable) or ETIMEDOUT.
 */
export declare function connectTcp(options: ConnectOptions): Promise<Socket>;
export interface TlsUpgradeOptions {
    /** The name the certificate must match: `tls.servername` or the configured host, never the resolved IP. */
    host: string;
    tls?: TlsOptions;
    timeoutMs: number;
    phase: SmtpPhase;
}
/**
 * Runs a TLS handshake over an open socket (implicit TLS, STARTTLS, or a proxy tunnel).
 * @throws SmtpError ETLS when the handshake fails or the certificate is rejected; ETIMEDOUT on a stall.
 */
export declare function upgradeToTls(socket: Socket, options: TlsUpgradeOptions): Promise<TLSSocket>;
/** Whether a connected socket's peer is a loopback address (127/8, ::1, or IPv4-mapped 127/8). */
export declare function isLoopbackAddress(address: string | undefined): boolean;
