export declare const ROOT: string;
/** Output and exit of a finished child. */
export interface Finished {
    code: number | null;
    signal: NodeJS.Signals | null;
    output: string;
}
/**
 * `tsc -p tsconfig.sample.json`, the build half of `npm run sample`, without its type check: `npm test` runs
 * `tsc --noEmit` over lib/ and sample/ as its own step, and skipping it here halves the build time.
 */
export declare function buildSample(): Promise<void>;
/** A running sample. */
export interface SampleProcess {
    /** The URL it printed. */
    url: string;
    output(): string;
    /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`). */
    stop(graceMs?: number): Promise<Finished>;
}
/** Starts the built sample with `PORT=0` and waits for the URL it prints. */
export declare function startSample(env?: Record<string, string | undefined>, timeoutMs?: number): Promise<SampleProcess>;
