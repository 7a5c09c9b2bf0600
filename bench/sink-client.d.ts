import type { SinkConfig, SinkStats } from './sink-session.js';
/** A running sink child. */
export interface SinkHandle {
    readonly port: number;
    readonly config: SinkConfig;
    stats(): Promise<SinkStats>;
    reset(): Promise<void>;
    close(): Promise<void>;
}
/** Forks a sink with the given extensions and latency and waits until it listens. */
export declare function startSink(config: SinkConfig): Promise<SinkHandle>;
