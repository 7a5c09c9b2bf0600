import type { SinkHandle } from './sink-client.js';
import type { RunResult, WorkerTask } from './scenario.js';
/** Runs one task in a fresh process; the result holds the worker's figures plus `sink.*` counters and derived ones. */
export declare function runTask(task: WorkerTask, sink: SinkHandle, execArgv?: string[]): Promise<RunResult>;
