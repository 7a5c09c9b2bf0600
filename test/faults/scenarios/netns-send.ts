/** Runs a spec file's send scenarios in one network namespace, once, and hands each test its result by name. */
import { it } from '@jest/globals';
import { netnsSupport, runBatchInNetns, type BatchOutcome } from '../../helpers/netns.js';
import { serviceGate } from '../../helpers/required-service.js';
import type { SendScenarioInput, SendScenarioResult } from './send.scenario.js';

const SEND_SCENARIO = new URL('./send.scenario.ts', import.meta.url);

export interface NetnsSendBatch<K extends string> {
  /** `it`, or `it.skip` when this machine cannot make a network namespace (the reason is printed once). */
  it: typeof it.skip;
  /** Runs every scenario; call from beforeAll (with a timeout of ~30 s). */
  load(): Promise<void>;
  /** The result of one scenario; throws with the scenario's own error when it failed. */
  get(name: K): SendScenarioResult;
}

export function netnsSendBatch<K extends string>(rows: string, inputs: Record<K, SendScenarioInput>): NetnsSendBatch<K> {
  const support = netnsSupport();
  // Under CI the namespace tests run: without support they fail (no result) instead of being skipped.
  const gate = serviceGate(`${rows} non-loopback tests`, support.ok ? undefined : support.reason);
  let results: Record<string, BatchOutcome<SendScenarioResult>> | undefined;
  return {
    it: gate.it,
    load: async () => {
      if (support.ok) results = await runBatchInNetns<SendScenarioResult>(SEND_SCENARIO, inputs);
    },
    get: (name) => {
      const outcome = results?.[name];
      if (!outcome) throw new Error(`no netns result for ${name}`);
      if (!outcome.ok) throw new Error(`scenario ${name} failed: ${outcome.error.message}\n${outcome.error.stack ?? ''}`);
      return outcome.result;
    },
  };
}
