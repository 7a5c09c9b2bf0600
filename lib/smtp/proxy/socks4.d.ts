/** SOCKS4 and SOCKS4a CONNECT handshakes (the SOCKS4 protocol note and its 4A extension). */
import type { Duplex } from 'node:stream';
import type { HandshakeReader } from './handshake-reader.js';
import type { ProxyConfig } from './proxy-url.js';
/**
 * Asks a SOCKS4 proxy for a connection. `address` is either an IPv4 literal (SOCKS4, or SOCKS4a with
 * an IP target) or a host name, which SOCKS4a sends after the user id with the IP set to 0.0.0.1 so
 * the proxy resolves it.
 *
 * @throws SmtpError `EPROXY` when the proxy refuses (the reply code's meaning is quoted) or answers garbage.
 */
export declare function socks4Handshake(socket: Duplex, reader: HandshakeReader, proxy: ProxyConfig, target: {
    address: string;
    isName: boolean;
    port: number;
}): Promise<void>;
