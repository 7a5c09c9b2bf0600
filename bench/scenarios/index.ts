/** Every scenario, in the order `npm run bench` runs them. */
import type { Scenario } from '../scenario.js';
import { cpuScenario } from './cpu.js';
import { latencyScenario } from './latency.js';
import { poolScenario } from './pool.js';
import { attachmentScenario } from './attachment.js';
import { recipientsScenario } from './recipients.js';
import { templateScenario } from './template.js';
import { queueScenario } from './queue.js';
import { cpuChannelsScenario } from './cpu-channels.js';
import { composeScenario } from './compose.js';
import { coldStartScenario } from './cold-start.js';
import { microScenario } from './micro.js';

export const SCENARIOS: readonly Scenario[] = [
  cpuScenario, latencyScenario, poolScenario, attachmentScenario, recipientsScenario, templateScenario, queueScenario, composeScenario, coldStartScenario, microScenario, cpuChannelsScenario,
];
