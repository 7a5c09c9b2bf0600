/** Scenario 1: CPU per small message over one reused connection, no added latency. */
import { FULL_EXTENSIONS, PIPELINING_EXTENSIONS } from '../sink-server.js';
import { measureSmallMessages } from '../measure.js';
import { infoRow, ratioRow, type Contender, type Group, type Scenario } from '../scenario.js';

const ONE_CONNECTION = { pool: true, maxConnections: 1, maxMessages: 1_000_000 };
const CONTENDERS: Contender[] = [
  { name: 'ours', side: 'ours', settings: ONE_CONNECTION },
  { name: 'nodemailer', side: 'nodemailer', settings: ONE_CONNECTION },
];
/** 5,000 measured messages after 500 unmeasured ones (JIT warm-up), ten in flight from the app's side. */
const PARAMS = { count: 5000, warmup: 500, window: 10 };

/** The floor client (no composition, pre-rendered bytes) shows what one loopback write and read cost here. */
const FLOOR: Contender = { name: 'floor', side: 'floor', settings: ONE_CONNECTION };

function group(id: string, title: string, extensions: string[], withFloor: boolean): Group {
  const self: Group = {
    id,
    title,
    sink: { latencyMs: 0, extensions },
    contenders: withFloor ? [...CONTENDERS, FLOOR] : CONTENDERS,
    runs: 5,
    params: PARAMS,
    check: (results) => [
      ratioRow(self, results, { metric: 'cpuMsPerMessage', label: 'CPU ms/msg', ours: 'ours', bound: 0.25, direction: 'at-most' }),
      ...(withFloor
        ? [ratioRow(self, results, { metric: 'cpuMsPerMessage', label: 'CPU ms/msg vs floor', ours: 'ours', theirs: 'floor', bound: 3, direction: 'at-most' })]
        : []),
      ratioRow(self, results, { metric: 'peakRssMb', label: 'peak RSS MB', ours: 'ours', bound: 1, direction: 'at-most' }),
      infoRow(self, results, { metric: 'messagesPerSecond', label: 'msgs/s', ours: 'ours' }),
      ...(withFloor ? [infoRow(self, results, { metric: 'messagesPerSecond', label: 'msgs/s vs floor', ours: 'ours', theirs: 'floor' })] : []),
    ],
  };
  return self;
}

/** Information only: the same run with pre-rendered messages splits composition from the transport path. */
function rawGroup(): Group {
  const self: Group = {
    id: '1c',
    title: '1 conn, 0 ms, 5000 raw msgs, CHUNKING offered',
    sink: { latencyMs: 0, extensions: FULL_EXTENSIONS },
    contenders: CONTENDERS,
    runs: 5,
    params: { ...PARAMS, raw: true },
    check: (results) => [infoRow(self, results, { metric: 'cpuMsPerMessage', label: 'CPU ms/msg, raw message', ours: 'ours' })],
  };
  return self;
}

export const cpuScenario: Scenario = {
  id: '1',
  name: 'cpu',
  async prepare() {
    return {
      groups: [
        group('1a', '1 conn, 0 ms, 5000 msgs, CHUNKING offered', FULL_EXTENSIONS, true),
        group('1b', '1 conn, 0 ms, 5000 msgs, DATA only', PIPELINING_EXTENSIONS, false),
        rawGroup(),
      ],
      cleanup: async () => undefined,
    };
  },
  measure: measureSmallMessages,
};
