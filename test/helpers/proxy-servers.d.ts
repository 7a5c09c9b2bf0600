/** What the proxy does with a request: tunnel it, refuse it, answer garbage, or never answer. */
export type ProxyMode = 'ok' | 'refuse' | 'garbage' | 'stall';
export interface TestProxyOptions {
    mode?: ProxyMode;
    /** Credentials the proxy demands (SOCKS4: `user` is the required user id, `pass` unused). */
    auth?: {
        user: string;
        pass: string;
    };
    /** HTTP only: serve the proxy over TLS with this key and certificate. */
    tls?: {
        key: string | Buffer;
        cert: string | Buffer;
    };
    /** Wait for the target's first bytes (the SMTP greeting) and send them in the same write as the reply. */
    coalesce?: boolean;
    /** HTTP only: put the received Proxy-Authorization, decoded, into the refusal's status line. */
    echoCredentialsInRefusal?: boolean;
}
/** What one client asked the proxy for. */
export interface ProxyRequestRecord {
    host: string;
    port: number;
    addressType: 'ipv4' | 'ipv6' | 'domain';
    user?: string;
    pass?: string;
}
export interface TestProxyServer {
    port: number;
    requests: ProxyRequestRecord[];
    close(): Promise<void>;
}
/** An HTTP CONNECT proxy (over TLS when `options.tls` is given). */
export declare function startHttpProxy(options?: TestProxyOptions): Promise<TestProxyServer>;
/** A SOCKS4 proxy that also understands SOCKS4a names (0.0.0.x with a trailing host name). */
export declare function startSocks4Proxy(options?: TestProxyOptions): Promise<TestProxyServer>;
/** A SOCKS5 proxy (RFC 1928), demanding username/password (RFC 1929) when `options.auth` is set. */
export declare function startSocks5Proxy(options?: TestProxyOptions): Promise<TestProxyServer>;
