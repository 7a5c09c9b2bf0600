/** HTTP CONNECT tunnel handshake (RFC 9110 §9.3.6), with Basic proxy credentials (RFC 7617). */
import type { Duplex } from 'node:stream';
import type { HandshakeReader } from './handshake-reader.js';
import { type ProxyConfig } from './proxy-url.js';
import type { ProxyTarget } from './target.js';
/** The most the proxy's response head may take; a proxy is not allowed to make us buffer more. */
export declare const MAX_CONNECT_RESPONSE_HEAD_BYTES: number;
/** The length of a response head (through its empty line, CRLF or bare LF), or -1 while incomplete. */
export declare function findHeadEnd(buffered: Buffer): number;
/**
 * Asks the proxy for a tunnel to `target` and waits for a 2xx answer. Interim 1xx heads are skipped.
 *
 * @throws SmtpError `EPROXY` for a non-2xx status (the status line is quoted), an answer that is not
 *   HTTP, or a head over 16 KiB.
 */
export declare function httpConnectHandshake(socket: Duplex, reader: HandshakeReader, proxy: ProxyConfig, target: ProxyTarget): Promise<void>;
