/** A queue of jobs over a bounded set of reusable workers, with message and rate limits; knows no SMTP. */
import { EventEmitter } from 'node:events';
/** What the pool needs from a connection. */
export interface PoolWorker {
    /** Still usable for another job. */
    readonly isOpen: boolean;
    /** How many jobs it may run at once. */
    readonly concurrency: number;
    /** Releases it politely (QUIT). */
    quit(): Promise<void>;
    on(event: 'close', listener: () => void): unknown;
}
/** How a job that failed should be treated. */
export type FailureVerdict = 'retry' | 'reject' | 'reject-all';
export interface PoolOptions<W extends PoolWorker, J, R> {
    maxConnections: number;
    maxMessages: number;
    /** Keep idle workers open for the next job (a pool); otherwise each worker serves one job and is released. */
    keepIdle: boolean;
    rateLimit?: number;
    rateDeltaMs: number;
    open(): Promise<W>;
    run(worker: W, job: J): Promise<R>;
    /** Decides, for a job whose worker failed or could not be opened, whether it may run again. */
    classify(err: unknown, job: J, attempts: number, stage: 'open' | 'run'): FailureVerdict;
}
/**
 * Jobs run in arrival order on up to `maxConnections` workers; a worker is retired after `maxMessages`
 * jobs or when it closes. `close()` stops intake, drains the queue, then releases every worker.
 * Emits `idle` whenever it has room for another job.
 */
export declare class Pool<W extends PoolWorker, J, R> extends EventEmitter<{
    idle: [];
}> {
    private readonly options;
    private readonly queue;
    private readonly slots;
    private opening;
    private readonly startTimes;
    private rateTimer?;
    private draining?;
    constructor(options: PoolOptions<W, J, R>);
    /** Queues a job; it settles when it ran (and was retried, if allowed). */
    submit(job: J): Promise<R>;
    /** Room for another job right now: an idle worker, or room to open one. */
    isIdle(): boolean;
    /** Resolves once the queue is empty and no job runs, after every worker was released. */
    drainAndClose(): Promise<void>;
    private dispatch;
    private canTake;
    private freeSlot;
    private rateDelay;
    private openWorker;
    /** A worker could not be opened: the job at the head pays for it (or all of them, for a permanent cause). */
    private failHead;
    private start;
    private release;
    private retire;
    private afterChange;
    private checkDrained;
}
