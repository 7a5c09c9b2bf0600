import type { TunnelOpener } from '../smtp/handshake.js';
import type { ResolvedSmtpOptions } from './options.js';
/**
 * Builds the opener the handshake calls instead of DNS + TCP connect. The tunnel gets the whole
 * connection budget; TLS to the SMTP server (implicit or STARTTLS) then runs inside it, verified
 * against `tls.servername` or `host`, never the proxy.
 * @throws (from the opener) SmtpError EPROXY, ETIMEDOUT, ECONNECTION, EDNS, ETLS or ECONFIG, as connectThroughProxy.
 */
export declare function createTunnelOpener(options: ResolvedSmtpOptions): TunnelOpener;
