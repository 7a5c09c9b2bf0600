/** CPU time (user + system) of this process in milliseconds since `since`. */
export declare function cpuMsSince(since: NodeJS.CpuUsage): number;
/** The figures a probe collected between start and stop. */
export interface ProbeReport {
    /** Longest lateness of the probe's timer, in ms: how long the event loop was blocked at worst. */
    maxStallMs: number;
    /** Peak RSS minus RSS at start, in bytes. */
    rssGrowth: number;
    /** Peak (heapUsed + external) minus the same at start, in bytes; `external` includes Buffers. */
    heapGrowth: number;
}
/**
 * A setInterval drift probe: every tick records how late it fired (a blocked loop delays it) and samples memory.
 * Stalls shorter than the interval are not resolved; the interval is 5 ms, well under the 50 ms being judged.
 */
export declare class LoopProbe {
    private readonly intervalMs;
    private timer?;
    private last;
    private maxStallMs;
    private readonly baseRss;
    private readonly baseHeap;
    private peakRss;
    private peakHeap;
    constructor(intervalMs?: number);
    start(): void;
    stop(): ProbeReport;
    private tick;
}
/** Runs a full garbage collection when the process was started with --expose-gc, twice to finish weak refs. */
export declare function collectGarbage(): Promise<void>;
