import { type Scenario } from '../scenario.js';
export declare const cpuScenario: Scenario;
