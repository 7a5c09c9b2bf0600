/** Scenario 8: composition only, no connection: 5,000 small messages to bytes, one after another. */
import { performance } from 'node:perf_hooks';
import { FULL_EXTENSIONS } from '../sink-server.js';
import { smallMessage } from '../messages.js';
import { cpuMsSince } from '../probes.js';
import { infoRow, ratioRow, type Contender, type Group, type RunResult, type Scenario, type WorkerTask } from '../scenario.js';
import type { MailMessage } from '../../lib/mime/message.interface.js';

const NO_CONNECTION = { pool: false };
const CONTENDERS: Contender[] = [
  { name: 'ours', side: 'ours', settings: NO_CONNECTION },
  { name: 'nodemailer', side: 'nodemailer', settings: NO_CONNECTION },
];

/** A message to its bytes, with each library's public composer. */
type Composer = (message: MailMessage) => Promise<number>;

async function loadComposer(side: Contender['side']): Promise<Composer> {
  if (side === 'ours') {
    const { composeMessage } = await import('../../lib/mime/compose.js');
    return async (message) => {
      let bytes = 0;
      for await (const chunk of composeMessage(message).stream) bytes += (chunk as Buffer).length;
      return bytes;
    };
  }
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  return async (message) => {
    const built = await new MailComposer(message as ConstructorParameters<typeof MailComposer>[0]).compile().build();
    return built.length;
  };
}

/** Composes `count` messages after `warmup` unmeasured ones; CPU per message and the process's peak RSS. */
async function measureCompose(task: WorkerTask): Promise<RunResult> {
  const count = Number(task.params.count);
  const warmup = Number(task.params.warmup);
  const compose = await loadComposer(task.contender.side);
  let bytes = 0;
  for (let i = 0; i < warmup; i += 1) bytes += await compose(smallMessage(i));
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (let i = warmup; i < warmup + count; i += 1) bytes += await compose(smallMessage(i));
  const wallMs = performance.now() - started;
  const cpuMs = cpuMsSince(cpuStart);
  // No message goes to the sink: `messages` 0 keeps the runner's completeness check meaningful.
  return {
    messages: 0, composed: count, wallMs, cpuMs, cpuMsPerMessage: cpuMs / count, bytesPerMessage: bytes / (warmup + count),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function composeGroup(): Group {
  const self: Group = {
    id: '8',
    title: 'compose only, 5000 small msgs, no connection',
    // Nothing connects to it; the runner starts one per group all the same.
    sink: { latencyMs: 0, extensions: FULL_EXTENSIONS },
    contenders: CONTENDERS,
    runs: 5,
    params: { count: 5000, warmup: 500 },
    check: (results) => [
      ratioRow(self, results, { metric: 'peakRssMb', label: 'peak RSS MB', ours: 'ours', bound: 1, direction: 'at-most' }),
      infoRow(self, results, { metric: 'cpuMsPerMessage', label: 'CPU ms/msg', ours: 'ours' }),
      infoRow(self, results, { metric: 'bytesPerMessage', label: 'bytes/msg', ours: 'ours' }),
    ],
  };
  return self;
}

export const composeScenario: Scenario = {
  id: '8',
  name: 'compose',
  async prepare() {
    return { groups: [composeGroup()], cleanup: async () => undefined };
  },
  measure: measureCompose,
};
