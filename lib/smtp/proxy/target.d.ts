/** Where the tunnel should lead: the SMTP server's host (name or IP) and port. */
export interface ProxyTarget {
    host: string;
    port: number;
}
/** SOCKS5 DOMAINNAME is length-prefixed with one octet (RFC 1928 §5). */
export declare const MAX_SOCKS_DOMAIN_BYTES = 255;
/**
 * Checks the target and returns it as sent to the proxy: an internationalised name in its ASCII
 * (punycode) form. Refuses what could break the handshake framing: control characters or spaces (an
 * HTTP request line), NUL (a SOCKS4a string), a name over 255 bytes (SOCKS5), a port outside 1-65535.
 *
 * @throws SmtpError `ECONFIG`
 */
export declare function normalizeProxyTarget(target: ProxyTarget): ProxyTarget;
