/** Opening a session: DNS, connect, implicit TLS, greeting, EHLO/HELO, STARTTLS, AUTH. */
import type { Socket } from 'node:net';
import { SmtpConnection } from './connection.js';
import { type AccessTokenSource } from './auth/select.js';
import type { SessionOptions } from './session-options.js';
import type { EngineLog } from './logger.js';
/** How a session reaches the server when a proxy is configured. */
export type TunnelOpener = (target: {
    host: string;
    port: number;
}, timeoutMs: number) => Promise<Socket>;
export interface HandshakeDependencies {
    tokens?: AccessTokenSource;
    /** Opens the TCP path through a proxy; set when `proxy` is configured. */
    openTunnel?: TunnelOpener;
}
/**
 * Opens a connection ready for MAIL: connected, greeted, EHLO'd, TLS when required or offered, authenticated.
 * @throws SmtpError with the phase it failed in; the connection is destroyed on failure.
 */
export declare function openConnection(options: SessionOptions, log: EngineLog, dependencies?: HandshakeDependencies, signal?: AbortSignal): Promise<SmtpConnection>;
