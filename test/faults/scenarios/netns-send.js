/** Runs a spec file's send scenarios in one network namespace, once, and hands each test its result by name. */
import { it } from '@jest/globals';
import { netnsSupport, runBatchInNetns } from '../../helpers/netns.js';
const SEND_SCENARIO = new URL('./send.scenario.ts', import.meta.url);
export function netnsSendBatch(rows, inputs) {
    const support = netnsSupport();
    if (!support.ok)
        console.warn(`${rows} non-loopback tests skipped: ${support.reason}`);
    let results;
    return {
        it: support.ok ? it : it.skip,
        load: async () => {
            if (support.ok)
                results = await runBatchInNetns(SEND_SCENARIO, inputs);
        },
        get: (name) => {
            const outcome = results?.[name];
            if (!outcome)
                throw new Error(`no netns result for ${name}`);
            if (!outcome.ok)
                throw new Error(`scenario ${name} failed: ${outcome.error.message}\n${outcome.error.stack ?? ''}`);
            return outcome.result;
        },
    };
}
//# sourceMappingURL=netns-send.js.map