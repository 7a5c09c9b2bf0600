/**
 * Scenario 6: one Handlebars template (layout, partial, 10 values) plus a 4 KB attachment, rendered, composed and
 * sent over one pooled connection; and the render step alone. Ours against @nestjs-modules/mailer.
 */
import { performance } from 'node:perf_hooks';
import { FULL_EXTENSIONS } from '../sink-server.js';
import { cpuMsSince } from '../probes.js';
import { createNestModulesMailerClient, createOursTemplateClient, type TemplateClient } from '../template-clients.js';
import { ratioRow, type Contender, type Group, type Row, type RunResult, type Scenario, type WorkerTask } from '../scenario.js';
import { summarize } from '../stats.js';

const ONE_CONNECTION = { pool: true, maxConnections: 1, maxMessages: 1_000_000 };
/** The other contender: @nestjs-modules/mailer drives nodemailer, hence the `nodemailer` side. */
const THEIRS = 'nestjs-modules-mailer';
const CONTENDERS: Contender[] = [
  { name: 'ours', side: 'ours', settings: ONE_CONNECTION },
  { name: THEIRS, side: 'nodemailer', settings: ONE_CONNECTION },
];
/** The render-only bound: renders per second of the compiled template, on the worst run. */
const MIN_RENDERS_PER_SECOND = 20_000;

function sendGroup(): Group {
  const self: Group = {
    id: '6a',
    title: 'template + 4 KB attachment, 1 conn, 0 ms, vs @nestjs-modules/mailer',
    sink: { latencyMs: 0, extensions: FULL_EXTENSIONS },
    contenders: CONTENDERS,
    runs: 5,
    params: { mode: 'send', count: 1000, warmup: 100, window: 10 },
    check: (results) => [
      ratioRow(self, results, { metric: 'messagesPerSecond', label: 'msgs/s', ours: 'ours', theirs: THEIRS, bound: 2, direction: 'at-least' }),
      ratioRow(self, results, { metric: 'cpuMsPerMessage', label: 'CPU ms/msg', ours: 'ours', theirs: THEIRS, bound: 0.5, direction: 'at-most' }),
    ],
  };
  return self;
}

function renderGroup(): Group {
  const self: Group = {
    id: '6b',
    title: 'render only, compiled once, vs its adapter (HTML only)',
    sink: { latencyMs: 0, extensions: FULL_EXTENSIONS },
    contenders: CONTENDERS,
    runs: 5,
    // Timed rather than counted: the two render at rates two orders of magnitude apart.
    params: { mode: 'render', durationMs: 3000, warmupMs: 1000 },
    check: (results) => [
      atLeastRow(self, results, { metric: 'rendersPerSecond', label: 'renders/s', bound: MIN_RENDERS_PER_SECOND }),
      // The same bound per CPU second: what one free core would do, whatever else runs on the machine.
      atLeastRow(self, results, { metric: 'rendersPerCpuSecond', label: 'renders per CPU second', bound: MIN_RENDERS_PER_SECOND }),
    ],
  };
  return self;
}

/** An absolute lower bound on ours, judged on the worst run; the other contender's figures alongside. */
function atLeastRow(group: Group, results: Record<string, RunResult[]>, spec: { metric: string; label: string; bound: number }): Row {
  const values = (name: string): number[] => (results[name] ?? []).map((run) => run[spec.metric]).filter((value) => Number.isFinite(value));
  const ours = summarize(values('ours'));
  const theirs = summarize(values(THEIRS));
  return {
    group: group.id, title: group.title, metric: spec.label, oursName: 'ours', ours, theirs,
    ratio: ours.median / theirs.median, target: `>= ${spec.bound} (worst run)`, pass: ours.runs > 0 && ours.min >= spec.bound,
  };
}

async function createTemplateClient(task: WorkerTask): Promise<TemplateClient> {
  const settings = { port: task.port, ...task.contender.settings };
  return task.contender.side === 'ours' ? createOursTemplateClient(settings) : createNestModulesMailerClient(settings);
}

/** Keeps `window` sends in flight, as an app sending one message after another from several requests would. */
async function sendWindowed(client: TemplateClient, first: number, count: number, window: number): Promise<void> {
  let next = first;
  const end = first + count;
  const lane = async (): Promise<void> => {
    while (next < end) await client.send(next++);
  };
  await Promise.all(Array.from({ length: Math.min(window, count) }, lane));
}

/** Renders one after another for `durationMs`; returns how many. */
async function renderFor(client: TemplateClient, first: number, durationMs: number): Promise<number> {
  const until = performance.now() + durationMs;
  let index = first;
  while (performance.now() < until) await client.render(index++);
  return index - first;
}

/** One render-only run: a timed warm-up, then renders for `durationMs`. No message is sent. */
async function measureRenders(task: WorkerTask, client: TemplateClient): Promise<RunResult> {
  const warmedUp = await renderFor(client, 0, Number(task.params.warmupMs));
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const renders = await renderFor(client, warmedUp, Number(task.params.durationMs));
  const wallMs = performance.now() - started;
  const cpuMs = cpuMsSince(cpuStart);
  // `messages: 0`: the runner checks that the sink received every message a run reports.
  return { messages: 0, renders, wallMs, cpuMs, rendersPerSecond: (renders * 1000) / wallMs, rendersPerCpuSecond: (renders * 1000) / cpuMs };
}

/** One send run: `warmup` unmeasured sends, then `count` sends timed from the first to the last acceptance. */
async function measureSends(task: WorkerTask, client: TemplateClient, hooks: { mark(): Promise<void> }): Promise<RunResult> {
  const count = Number(task.params.count);
  const warmup = Number(task.params.warmup);
  const window = Number(task.params.window);
  await sendWindowed(client, 0, warmup, window);
  await hooks.mark();
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  await sendWindowed(client, warmup, count, window);
  const wallMs = performance.now() - started;
  const cpuMs = cpuMsSince(cpuStart);
  return { messages: count, wallMs, cpuMs, cpuMsPerMessage: cpuMs / count, messagesPerSecond: (count * 1000) / wallMs };
}

async function measureTemplate(task: WorkerTask, hooks: { mark(): Promise<void> }): Promise<RunResult> {
  const client = await createTemplateClient(task);
  try {
    return task.params.mode === 'send' ? await measureSends(task, client, hooks) : await measureRenders(task, client);
  } finally {
    await client.close();
  }
}

export const templateScenario: Scenario = {
  id: '6',
  name: 'template',
  async prepare() {
    return { groups: [sendGroup(), renderGroup()], cleanup: async () => undefined };
  },
  measure: measureTemplate,
};
