/** Runs a spec file's send scenarios in one network namespace, once, and hands each test its result by name. */
import { it } from '@jest/globals';
import type { SendScenarioInput, SendScenarioResult } from './send.scenario.js';
export interface NetnsSendBatch<K extends string> {
    /** `it`, or `it.skip` when this machine cannot make a network namespace (the reason is printed once). */
    it: typeof it | typeof it.skip;
    /** Runs every scenario; call from beforeAll (with a timeout of ~30 s). */
    load(): Promise<void>;
    /** The result of one scenario; throws with the scenario's own error when it failed. */
    get(name: K): SendScenarioResult;
}
export declare function netnsSendBatch<K extends string>(rows: string, inputs: Record<K, SendScenarioInput>): NetnsSendBatch<K>;
