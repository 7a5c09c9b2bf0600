import type { RunResult, WorkerTask } from './scenario.js';
/**
 * Measures one run of small messages. Params: `count`, `warmup` (messages sent before measuring, after which the
 * sink's counters are zeroed), either `window` (messages in flight) or `burst: true` (all submitted at once), and
 * `raw: true` to send pre-rendered messages instead of composed ones.
 * The clock and CPU meter stop when the last message is accepted; closing the transport is not measured.
 */
export declare function measureSmallMessages(task: WorkerTask, hooks: {
    mark(): Promise<void>;
}): Promise<RunResult>;
