import type { FailureVerdict } from './pool.js';
/** What the policy needs to know of the message: whether its content can be produced again. */
export interface RetryCandidate {
    readonly isReplayable: boolean;
}
/**
 * SPEC, Errors: only a pool retries, once, on a new connection, when the connection failed while the message
 * was certainly not delivered, and only when its content can be produced again.
 */
export declare function classifyFailure(err: unknown, job: RetryCandidate, attempts: number, stage: 'open' | 'run', pooled: boolean): FailureVerdict;
