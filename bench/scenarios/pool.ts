/** Scenario 3: a pool of five connections, 5 ms reply latency, 2,000 messages at once. */
import { FULL_EXTENSIONS } from '../sink-server.js';
import { measureSmallMessages } from '../measure.js';
import { infoRow, ratioRow, type Group, type Scenario } from '../scenario.js';

const POOL_OF_FIVE = { pool: true, maxConnections: 5, maxMessages: 1_000_000 };

function poolGroup(): Group {
  const self: Group = {
    id: '3',
    title: 'pool of 5, 5 ms, 2000 at once',
    sink: { latencyMs: 5, extensions: FULL_EXTENSIONS },
    contenders: [
      { name: 'ours', side: 'ours', settings: POOL_OF_FIVE },
      { name: 'nodemailer', side: 'nodemailer', settings: POOL_OF_FIVE },
      // Five floor sessions, one transaction in flight each, as the pool keeps.
      { name: 'floor-x5', side: 'floor', settings: POOL_OF_FIVE },
    ],
    runs: 3,
    params: { count: 2000, warmup: 100, burst: true },
    check: (results) => [
      ratioRow(self, results, { metric: 'messagesPerSecond', label: 'msgs/s', ours: 'ours', bound: 2, direction: 'at-least' }),
      ratioRow(self, results, { metric: 'messagesPerSecond', label: 'msgs/s vs floor x5', ours: 'ours', theirs: 'floor-x5', bound: 0.9, direction: 'at-least' }),
      infoRow(self, results, { metric: 'roundTripsPerMessage', label: 'round trips/msg', ours: 'ours' }),
      infoRow(self, results, { metric: 'cpuMsPerMessage', label: 'CPU ms/msg', ours: 'ours' }),
    ],
  };
  return self;
}

export const poolScenario: Scenario = {
  id: '3',
  name: 'pool',
  async prepare() {
    return { groups: [poolGroup()], cleanup: async () => undefined };
  },
  measure: measureSmallMessages,
};
