import { cpuScenario } from './cpu.js';
import { latencyScenario } from './latency.js';
import { poolScenario } from './pool.js';
import { attachmentScenario } from './attachment.js';
import { recipientsScenario } from './recipients.js';
export const SCENARIOS = [cpuScenario, latencyScenario, poolScenario, attachmentScenario, recipientsScenario];
//# sourceMappingURL=index.js.map