/**
 * Scenario 10 (`npm run bench -- micro`): the engine's hot units one by one, in one process, ours only, so that a
 * regression shows where it is: reply parsing, header rendering, the DATA encoder, preparing and rendering a small
 * message, and the envelope checks. Each unit runs for a fixed time after a warm-up; figures are per operation.
 */
import { performance } from 'node:perf_hooks';
import { FULL_EXTENSIONS } from '../sink-server.js';
import { smallMessage } from '../messages.js';
import { infoRow, type Group, type RunResult, type Scenario } from '../scenario.js';

/** Each unit: warm-up, then as many batches as fit in the measured time. */
const WARMUP_MS = 300;
const MEASURE_MS = 1000;
const BATCH = 200;

interface Unit {
  key: string;
  label: string;
  /** Prepares inputs, returns the operation (its argument: the iteration, to vary inputs). */
  setup(): Promise<(i: number) => unknown>;
}

/** A reply stream as a server sends it to one pipelined BDAT transaction. */
const REPLIES = Buffer.from('250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.0.0 Ok: queued as 4BqZ2k0Nmvz9vR\r\n', 'latin1');
const TEXT_64K = Buffer.from(
  `${'The quick brown fox jumps over the lazy dog.\r\n.a line that starts with a dot\r\n'.repeat(900)}`.slice(0, 64 * 1024),
  'latin1',
);

const UNITS: Unit[] = [
  {
    key: 'replyParserNs',
    label: 'reply parser, ns/reply',
    async setup() {
      const { ReplyParser } = await import('../../lib/smtp/reply-parser.js');
      const parser = new ReplyParser();
      // Three replies per push: the figure is per reply.
      return () => parser.push(REPLIES).length / 3;
    },
  },
  {
    key: 'dataEncoderNsPerKb',
    label: 'DATA encoder (dot-stuffing), ns/KB',
    async setup() {
      const { DataStreamEncoder } = await import('../../lib/smtp/data-stream.js');
      return () => new DataStreamEncoder({ dotStuff: true }).encodeAll([TEXT_64K]);
    },
  },
  {
    key: 'headerRenderNs',
    label: 'header block (small msg), ns',
    async setup() {
      const { renderHeaders } = await import('../../lib/mime/headers/header-spec.js');
      const { buildMessageHeaders } = await import('../../lib/mime/headers/message-headers.js');
      const { parseAddresses, flattenAddresses } = await import('../../lib/mime/addresses.js');
      const { resolveEnvironment } = await import('../../lib/mime/ids.js');
      const message = smallMessage(1);
      const addresses = {
        from: flattenAddresses(parseAddresses(message.from, 'from'))[0],
        to: parseAddresses(message.to, 'to'), cc: [], replyTo: [],
      };
      const { headers } = buildMessageHeaders(message, addresses, [], 'orders@shop.example', resolveEnvironment());
      return () => renderHeaders(headers, false);
    },
  },
  {
    key: 'envelopeNs',
    label: 'envelope address check + format, ns',
    async setup() {
      const { formatEnvelopeAddress } = await import('../../lib/core/envelope.js');
      return (i) => formatEnvelopeAddress(`customer${i & 1023}@example.com`, false);
    },
  },
  {
    key: 'prepareNs',
    label: 'prepare small msg (checks, headers, tree), ns',
    async setup() {
      const { prepareMessage } = await import('../../lib/mime/compose.js');
      const messages = Array.from({ length: 1024 }, (_, i) => smallMessage(i));
      return (i) => prepareMessage(messages[i & 1023]);
    },
  },
  {
    key: 'renderNs',
    label: 'render small msg in memory, ns',
    async setup() {
      const { prepareMessage } = await import('../../lib/mime/compose.js');
      const prepared = prepareMessage(smallMessage(1));
      return () => prepared.renderInMemory({ smtputf8: true, eightBitMime: true });
    },
  },
];

function runFor(op: (i: number) => unknown, ms: number): { ops: number; cpuMs: number } {
  const cpuStart = process.cpuUsage();
  const end = performance.now() + ms;
  let ops = 0;
  while (performance.now() < end) {
    for (let j = 0; j < BATCH; j += 1) op(ops + j);
    ops += BATCH;
  }
  const used = process.cpuUsage(cpuStart);
  return { ops, cpuMs: (used.user + used.system) / 1000 };
}

async function measureMicro(): Promise<RunResult> {
  const result: RunResult = { messages: 0 };
  for (const unit of UNITS) {
    const op = await unit.setup();
    runFor(op, WARMUP_MS);
    const { ops, cpuMs } = runFor(op, MEASURE_MS);
    const perOpNs = (cpuMs * 1e6) / ops;
    // The encoder's operation is 64 KiB: report it per KiB.
    result[unit.key] = unit.key === 'dataEncoderNsPerKb' ? perOpNs / 64 : perOpNs;
  }
  return result;
}

function microGroup(): Group {
  const self: Group = {
    id: '10',
    title: 'micro: hot units, ours only',
    sink: { latencyMs: 0, extensions: FULL_EXTENSIONS },
    contenders: [{ name: 'ours', side: 'ours', settings: { pool: false } }],
    runs: 3,
    params: {},
    check: (results) => UNITS.map((unit) => infoRow(self, results, { metric: unit.key, label: unit.label, ours: 'ours', theirs: 'none' })),
  };
  return self;
}

export const microScenario: Scenario = {
  id: '10',
  name: 'micro',
  async prepare() {
    return { groups: [microGroup()], cleanup: async () => undefined };
  },
  measure: measureMicro,
};
