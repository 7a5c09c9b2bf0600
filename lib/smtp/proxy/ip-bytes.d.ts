/** `192.0.2.1` to 4 bytes; the caller has checked it is an IPv4 literal. */
export declare function ipv4ToBytes(ip: string): Buffer;
/** An IPv6 literal (with `::` and an optional dotted IPv4 tail) to 16 bytes; the caller has checked it. */
export declare function ipv6ToBytes(ip: string): Buffer;
