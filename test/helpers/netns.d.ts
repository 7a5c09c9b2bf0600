/** The non-loopback address on `lo` inside the namespace. */
export declare const NETNS_ADDRESS = "192.0.2.10";
/** An address inside the namespace that is routed but never answers (connects hang until timed out). */
export declare const NETNS_BLACKHOLE = "192.0.2.99";
export type NetnsSupport = {
    ok: true;
} | {
    ok: false;
    reason: string;
};
/** Whether this process may create a network namespace and configure it; the reason when it may not. */
export declare function netnsSupport(): NetnsSupport;
/** The outcome of a scenario: its result, or the error it threw, plus the child's output for diagnostics. */
export type NetnsOutcome<T> = {
    ok: true;
    result: T;
    output: string;
} | {
    ok: false;
    error: {
        message: string;
        stack?: string;
    };
    output: string;
};
/**
 * Runs `scenarioPath` (absolute, or a URL from `new URL('./x.ts', import.meta.url)`) inside a fresh namespace.
 * Rejects only when the child could not report (crashed or exceeded `timeoutMs`).
 */
export declare function runInNetns<T>(scenario: string | URL, input?: unknown, timeoutMs?: number): Promise<NetnsOutcome<T>>;
/** One scenario outcome of a batch. */
export type BatchOutcome<T> = {
    ok: true;
    result: T;
} | {
    ok: false;
    error: {
        message: string;
        stack?: string;
    };
};
/**
 * Runs the scenario once per named input, in one namespace and one child process (saves a process start
 * per test); resolves the outcomes by name.
 */
export declare function runBatchInNetns<T>(scenario: string | URL, inputs: Record<string, unknown>, timeoutMs?: number): Promise<Record<string, BatchOutcome<T>>>;
/**
 * Runs a scenario the same way but in an ordinary child process (no namespace), with `--expose-gc`: for
 * measurements that must not share the test runner's heap, such as memory growth.
 */
export declare function runInChild<T>(scenario: string | URL, input?: unknown, timeoutMs?: number): Promise<NetnsOutcome<T>>;
