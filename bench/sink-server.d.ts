import { type SinkConfig, type SinkStats } from './sink-session.js';
export type { SinkConfig, SinkStats } from './sink-session.js';
/** Extensions a current MTA offers (Postfix 3 offers all of these): the default set of the scenarios. */
export declare const FULL_EXTENSIONS: string[];
/** The same without CHUNKING: the body goes with DATA. */
export declare const PIPELINING_EXTENSIONS: string[];
/** A listening sink with counters that can be read and zeroed between runs. */
export declare class SinkServer {
    private readonly config;
    private readonly server;
    private readonly stats;
    private readonly sockets;
    constructor(config: SinkConfig);
    /** Starts listening on an ephemeral loopback port and returns it. */
    listen(): Promise<number>;
    /** A copy of the counters since the last reset. */
    snapshot(): SinkStats;
    /** Zeroes the counters in place, so sessions already open count into the new run. */
    reset(): void;
    /** Stops listening and drops every open connection. */
    close(): Promise<void>;
}
