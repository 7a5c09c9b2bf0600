/**
 * Every scenario, in the order `npm run bench` runs them, each loaded on demand. A measured process loads its own
 * scenario's module only, so the others' dependencies (BullMQ, the OpenTelemetry SDK, the template engines, Nest)
 * never sit in the heap it measures: loaded all together, they added about 10 MB to both sides' memory growth
 * in scenario 4 and to peak RSS in 1 and 8.
 */
import type { Scenario } from '../scenario.js';

const LOADERS: ReadonlyArray<{ id: string; load: () => Promise<Scenario> }> = [
  { id: '1', load: async () => (await import('./cpu.js')).cpuScenario },
  { id: '2', load: async () => (await import('./latency.js')).latencyScenario },
  { id: '3', load: async () => (await import('./pool.js')).poolScenario },
  { id: '4', load: async () => (await import('./attachment.js')).attachmentScenario },
  { id: '5', load: async () => (await import('./recipients.js')).recipientsScenario },
  { id: '6', load: async () => (await import('./template.js')).templateScenario },
  { id: '7', load: async () => (await import('./queue.js')).queueScenario },
  { id: '8', load: async () => (await import('./compose.js')).composeScenario },
  { id: '9', load: async () => (await import('./cold-start.js')).coldStartScenario },
  { id: '10', load: async () => (await import('./micro.js')).microScenario },
  { id: '11', load: async () => (await import('./cpu-channels.js')).cpuChannelsScenario },
];

/** Every scenario, for the runner, which measures nothing itself. */
export function loadScenarios(): Promise<Scenario[]> {
  return Promise.all(LOADERS.map(async ({ id, load }) => checkedId(id, await load())));
}

/** The scenario with this id, alone. */
export async function loadScenario(id: string): Promise<Scenario> {
  const entry = LOADERS.find((candidate) => candidate.id === id);
  if (!entry) throw new Error(`unknown scenario ${id}`);
  return checkedId(id, await entry.load());
}

function checkedId(id: string, scenario: Scenario): Scenario {
  if (scenario.id !== id) throw new Error(`scenario list: ${id} loads scenario ${scenario.id}`);
  return scenario;
}
