/** The proxy protocols written here. */
export type ProxyProtocol = 'http' | 'https' | 'socks4' | 'socks4a' | 'socks5';
/** A parsed proxy URL. `user`/`pass` are percent-decoded. */
export interface ProxyConfig {
    protocol: ProxyProtocol;
    /** Host name or IP, IPv6 without brackets. */
    host: string;
    port: number;
    user?: string;
    pass?: string;
}
/**
 * Parses a proxy URL.
 *
 * @throws SmtpError `ECONFIG` for a malformed URL, an unknown scheme, a password on a SOCKS4 URL (the
 *   protocol has none) or SOCKS5 credentials over 255 bytes. The message never contains the password.
 */
export declare function parseProxyUrl(url: string): ProxyConfig;
/** Whether a host string is an IP literal (v4 or v6). */
export declare function isIpLiteral(host: string): boolean;
/** Host and port as written in an HTTP CONNECT request target (RFC 9110 §9.3.6), IPv6 in brackets. */
export declare function formatAuthority(host: string, port: number): string;
