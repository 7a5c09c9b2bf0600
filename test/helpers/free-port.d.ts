export declare function closedPort(): Promise<number>;
/** A server that accepts connections and never says a word (no SMTP greeting). */
export declare function silentServer(): Promise<{
    port: number;
    openConnections(): number;
    close(): Promise<void>;
}>;
