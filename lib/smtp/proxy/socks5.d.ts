import type { Duplex } from 'node:stream';
import type { HandshakeReader } from './handshake-reader.js';
import type { ProxyConfig } from './proxy-url.js';
import type { ProxyTarget } from './target.js';
/**
 * Runs the SOCKS5 handshake for a CONNECT to `target`.
 *
 * @throws SmtpError `EPROXY` on a refused method or password, a non-zero reply (its RFC 1928 meaning
 *   is quoted) or garbage.
 */
export declare function socks5Handshake(socket: Duplex, reader: HandshakeReader, proxy: ProxyConfig, target: ProxyTarget): Promise<void>;
