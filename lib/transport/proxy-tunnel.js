import { connectThroughProxy } from '../smtp/proxy/connect.js';
/**
 * The `tls` settings that also apply to an `https://` proxy's own certificate: which CAs to trust and
 * whether to verify at all. `servername`, client certificates and the rest belong to the SMTP server only.
 */
function proxyTlsOptions(tls) {
    if (tls === undefined)
        return undefined;
    const picked = {};
    if (tls.ca !== undefined)
        picked.ca = tls.ca;
    if (tls.rejectUnauthorized !== undefined)
        picked.rejectUnauthorized = tls.rejectUnauthorized;
    return picked;
}
/**
 * Builds the opener the handshake calls instead of DNS + TCP connect. The tunnel gets the whole
 * connection budget; TLS to the SMTP server (implicit or STARTTLS) then runs inside it, verified
 * against `tls.servername` or `host`, never the proxy.
 * @throws (from the opener) SmtpError EPROXY, ETIMEDOUT, ECONNECTION, EDNS, ETLS or ECONFIG, as connectThroughProxy.
 */
export function createTunnelOpener(options) {
    const proxyUrl = options.proxy;
    const tls = proxyTlsOptions(options.tls);
    return (target, timeoutMs) => connectThroughProxy(proxyUrl, target, {
        timeoutMs: Math.max(1, timeoutMs),
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
        ...(options.lookup === undefined ? {} : { lookup: options.lookup }),
        ...(tls === undefined ? {} : { tls }),
    });
}
//# sourceMappingURL=proxy-tunnel.js.map