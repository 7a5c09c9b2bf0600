/** One connection of the benchmark sink: a pipelining-aware SMTP server side that accepts and discards everything. */
import type { Socket } from 'node:net';
/** What the sink offers and how slowly it answers. */
export interface SinkConfig {
    /** Delay before every reply write, modelling a network round trip (0: answer at once). */
    latencyMs: number;
    /** EHLO keywords, each a full line after `250-`: `PIPELINING`, `CHUNKING`, `SIZE 209715200`, `8BITMIME`... */
    extensions: string[];
}
/**
 * Counters shared by every connection of one sink.
 *
 * `roundTrips` counts client turns: a read of client bytes that arrives after the sink wrote at least one reply
 * since its previous read (the greeting counts as a write). For a client that waits for replies before writing
 * again this is exactly the number of times it waited on the network. Reads split by TCP while the sink's reply is
 * still delayed are not counted twice.
 */
export interface SinkStats {
    connections: number;
    /** Messages accepted: a DATA body ended by CRLF.CRLF, or a `BDAT ... LAST` chunk read in full. */
    messages: number;
    roundTrips: number;
    /** Reply writes made (one per client read that produced replies, plus the greetings). */
    replyFlushes: number;
    reads: number;
    commands: number;
    recipients: number;
    /** Every byte the clients sent. */
    bytesReceived: number;
    /** Message content bytes (DATA bodies including the terminator, BDAT chunks). */
    contentBytes: number;
}
export declare function emptyStats(): SinkStats;
/** Reads commands and content from one socket; replies to everything a read carried in one delayed write. */
export declare class SinkSession {
    private readonly socket;
    private readonly config;
    private readonly stats;
    private mode;
    private pending;
    /** Last bytes of DATA content, so a terminator split across reads is found. */
    private dataTail;
    private bdatRemaining;
    private bdatLast;
    private replies;
    private wroteSinceRead;
    private quitting;
    constructor(socket: Socket, config: SinkConfig, stats: SinkStats);
    private receive;
    /** Returns the next offset, or -1 once the rest of the input is kept for the next read. */
    private readCommand;
    private readData;
    private readBdat;
    private accept;
    private command;
    /** RFC 3030 §2: `BDAT <size> [LAST]`, followed by exactly size octets of content. */
    private startBdat;
    private ehloReply;
    /** Writes replies after the configured latency; timers of equal delay fire in order, so replies stay ordered. */
    private flush;
}
