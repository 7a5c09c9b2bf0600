/** Typed messages between the bench runner and its child processes (the sink and the measured clients). */
import type { SinkConfig, SinkStats } from './sink-session.js';
/** Runner to sink. */
export type SinkRequest = {
    type: 'stats';
    id: number;
} | {
    type: 'reset';
    id: number;
} | {
    type: 'close';
    id: number;
};
/** Sink to runner. */
export type SinkResponse = {
    type: 'ready';
    port: number;
} | {
    type: 'stats';
    id: number;
    stats: SinkStats;
} | {
    type: 'done';
    id: number;
};
/** What a sink child is started with (as its argv[2], JSON). */
export type SinkLaunch = SinkConfig;
/** Measured client to runner: `mark` asks for the sink's counters to be zeroed (warm-up over), `result` ends the run. */
export type WorkerMessage = {
    type: 'mark';
} | {
    type: 'result';
    result: Record<string, number>;
} | {
    type: 'failure';
    message: string;
};
/** Runner to measured client. */
export type RunnerMessage = {
    type: 'marked';
};
