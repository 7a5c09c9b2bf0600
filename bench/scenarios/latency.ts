/** Scenario 2: one connection, 5 ms reply latency, 300 messages at once: round trips and throughput. */
import { FULL_EXTENSIONS, PIPELINING_EXTENSIONS } from '../sink-server.js';
import { measureSmallMessages } from '../measure.js';
import { boundRow, infoRow, ratioRow, type Contender, type Group, type Scenario } from '../scenario.js';

const ONE_CONNECTION = { pool: true, maxConnections: 1, maxMessages: 1_000_000 };
/** 100 unmeasured messages first (JIT warm-up, connection open), then 300 measured, all submitted at once. */
const PARAMS = { count: 300, warmup: 100, burst: true };
const LATENCY_MS = 5;
const NODEMAILER: Contender = { name: 'nodemailer', side: 'nodemailer', settings: ONE_CONNECTION };

function pipeliningOnly(): Group {
  const self: Group = {
    id: '2a',
    title: '1 conn, 5 ms, 300 at once, PIPELINING only',
    sink: { latencyMs: LATENCY_MS, extensions: PIPELINING_EXTENSIONS },
    contenders: [{ name: 'ours', side: 'ours', settings: ONE_CONNECTION }, NODEMAILER],
    runs: 3,
    params: PARAMS,
    check: (results) => [
      boundRow(self, results, { metric: 'roundTripsPerMessage', label: 'round trips/msg', ours: 'ours', bound: 2.1 }),
      infoRow(self, results, { metric: 'messagesPerSecond', label: 'msgs/s', ours: 'ours' }),
    ],
  };
  return self;
}

/** 2b and 2c share a sink (CHUNKING offered) and nodemailer's runs: nodemailer has no BDAT, so it is the same baseline. */
function withChunking(): Group {
  const self: Group = {
    id: '2b/c',
    title: '1 conn, 5 ms, 300 at once, CHUNKING',
    sink: { latencyMs: LATENCY_MS, extensions: FULL_EXTENSIONS },
    contenders: [
      { name: 'ours', side: 'ours', settings: ONE_CONNECTION },
      { name: 'ours-inflight16', side: 'ours', settings: { ...ONE_CONNECTION, maxTransactionsInFlight: 16 } },
      NODEMAILER,
      // The floor client with 16 transactions in flight: what the same pipelining costs at the least.
      { name: 'floor-inflight16', side: 'floor', settings: { ...ONE_CONNECTION, maxTransactionsInFlight: 16 } },
    ],
    runs: 3,
    params: PARAMS,
    check: (results) => [
      boundRow(self, results, { id: '2b', metric: 'roundTripsPerMessage', label: 'round trips/msg', ours: 'ours', bound: 1.1 }),
      ratioRow(self, results, { id: '2b', metric: 'messagesPerSecond', label: 'msgs/s', ours: 'ours', bound: 2, direction: 'at-least' }),
      ratioRow(self, results, {
        id: '2c', metric: 'messagesPerSecond', label: 'msgs/s, inFlight 16', ours: 'ours-inflight16', bound: 8, direction: 'at-least',
      }),
      ratioRow(self, results, {
        id: '2c', metric: 'messagesPerSecond', label: 'msgs/s, inFlight 16 vs floor', ours: 'ours-inflight16', theirs: 'floor-inflight16',
        bound: 0.8, direction: 'at-least',
      }),
      infoRow(self, results, { id: '2c', metric: 'roundTripsPerMessage', label: 'round trips/msg', ours: 'ours-inflight16' }),
    ],
  };
  return self;
}

export const latencyScenario: Scenario = {
  id: '2',
  name: 'latency',
  async prepare() {
    return { groups: [pipeliningOnly(), withChunking()], cleanup: async () => undefined };
  },
  measure: measureSmallMessages,
};
