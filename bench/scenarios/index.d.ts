/** Every scenario, in the order `npm run bench` runs them. */
import type { Scenario } from '../scenario.js';
export declare const SCENARIOS: readonly Scenario[];
