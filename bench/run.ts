/**
 * `npm run bench [-- <selector>...] [--runs=N]`: runs the scenarios (all, or those whose id, name or group id is
 * given, e.g. `2`, `latency`, `4b`), alternating our engine and nodemailer against the same sink, prints the table
 * and writes the results as JSON.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { loadScenarios } from './scenarios/index.js';
import { startSink } from './sink-client.js';
import { runTask } from './worker-client.js';
import { renderTable, formatNumber } from './table.js';
import type { Group, Row, RunResult, Scenario } from './scenario.js';

const RESULTS_DIR = fileURLToPath(new URL('../../bench/results/', import.meta.url));

interface Selection {
  selectors: string[];
  runs?: number;
  /** Write a V8 CPU profile of every measured process to bench/results/profiles/. */
  profile: boolean;
  /** Contender names or sides left out (`--without=nodemailer`): quicker runs while working on one side. */
  without: string[];
}

function parseArgs(argv: string[]): Selection {
  const selectors: string[] = [];
  let runs: number | undefined;
  let profile = false;
  const without: string[] = [];
  for (const arg of argv) {
    const match = /^--runs=(\d+)$/.exec(arg);
    const skip = /^--without=(.+)$/.exec(arg);
    if (match) runs = Number(match[1]);
    else if (skip) without.push(...skip[1].split(','));
    else if (arg === '--profile') profile = true;
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}; use --runs=N, --profile, --without=<side or contender>,... and scenario ids (1-11, names or group ids)`);
    else selectors.push(arg.toLowerCase());
  }
  return { selectors, runs, profile, without };
}

/** Whether the whole scenario was asked for (no selector, or its id or name). */
function wantsScenario(selection: Selection, scenario: Scenario): boolean {
  return selection.selectors.length === 0 || selection.selectors.some((selector) => selector === scenario.id || selector === scenario.name);
}

/** Group ids like `2b/c` answer to `2b`, `2c` and `2b/c`. */
function groupAliases(group: Group): string[] {
  const id = group.id.toLowerCase();
  const [first, ...rest] = id.split('/');
  return [id, first, ...rest.map((suffix) => first.slice(0, first.length - suffix.length) + suffix)];
}

function wantsGroup(selection: Selection, scenario: Scenario, group: Group): boolean {
  return wantsScenario(selection, scenario) || selection.selectors.some((selector) => groupAliases(group).includes(selector));
}

/** A group selector (`4b`) starts with its scenario's id: the scenario must be prepared to find the group. */
function touchesScenario(selection: Selection, scenario: Scenario): boolean {
  return wantsScenario(selection, scenario) || selection.selectors.some((selector) => selector.startsWith(scenario.id));
}

interface GroupRecord {
  id: string;
  title: string;
  sink: Group['sink'];
  params: Group['params'];
  contenders: Group['contenders'];
  runs: Record<string, RunResult[]>;
  failures: string[];
}

/** Runs a group's contenders in turn (ours, nodemailer, ours, nodemailer, ...) against one sink. */
async function runGroup(scenario: Scenario, group: Group, selection: Selection): Promise<GroupRecord> {
  const sink = await startSink(group.sink);
  const record: GroupRecord = {
    id: group.id, title: group.title, sink: group.sink, params: group.params, contenders: group.contenders, runs: {}, failures: [],
  };
  const runs = selection.runs ?? group.runs;
  const execArgv = [...(group.execArgv ?? []), ...(selection.profile ? ['--cpu-prof', `--cpu-prof-dir=${RESULTS_DIR}profiles`] : [])];
  try {
    for (let round = 1; round <= runs; round += 1) {
      for (const contender of group.contenders) {
        if (selection.without.includes(contender.name) || selection.without.includes(contender.side)) continue;
        const task = { scenario: scenario.id, group: group.id, contender, port: sink.port, params: group.params };
        const started = performance.now();
        try {
          const result = await runTask(task, sink, execArgv, group.entry);
          (record.runs[contender.name] ??= []).push(result);
          // A client that resolved a message the sink never completed would make every figure meaningless.
          if (result.missingMessages !== 0) record.failures.push(`${contender.name} run ${round}: the sink completed ${result['sink.messages']} messages, expected ${result.messages}`);
          process.stderr.write(`  ${group.id} ${contender.name} run ${round}/${runs}: ${describe(result)} (${formatNumber(performance.now() - started)} ms)\n`);
        } catch (err) {
          const message = `${contender.name} run ${round}: ${(err as Error).message}`;
          record.failures.push(message);
          process.stderr.write(`  ${group.id} ${message}\n`);
        }
      }
    }
  } finally {
    await sink.close();
  }
  return record;
}

function describe(result: RunResult): string {
  const keys = [
    'cpuMsPerMessage', 'messagesPerSecond', 'rendersPerSecond', 'roundTripsPerMessage', 'wallMs', 'rssGrowth', 'maxStallMs',
    'enqueuePerSecond', 'deliveredPerSecond', 'latencyP50Ms', 'latencyP95Ms', 'doubleSends', 'failedJobs',
  ];
  return keys
    .filter((key) => result[key] !== undefined && Number.isFinite(result[key]))
    .map((key) => `${key}=${formatNumber(key === 'rssGrowth' ? result[key] / (1024 * 1024) : result[key])}`)
    .join(' ');
}

async function environment(): Promise<Record<string, string | number>> {
  const nodemailerPackage = JSON.parse(await readFile(new URL('../../node_modules/nodemailer/package.json', import.meta.url), 'utf8')) as { version: string };
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    // The engine measured is the working tree, which may be ahead of the commit.
    const changed = execFileSync('git', ['status', '--porcelain', '--', 'lib'], { encoding: 'utf8' }).trim();
    if (changed) commit += ' + uncommitted changes in lib/';
  } catch {
    // Not a checkout: the commit is only a label.
  }
  return {
    date: new Date().toISOString(), node: process.version, platform: `${platform()} ${release()}`, cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length, nodemailer: nodemailerPackage.version, commit, loadAverageAtStart: loadavg()[0],
  };
}

async function main(): Promise<void> {
  const selection = parseArgs(process.argv.slice(2));
  const env = await environment();
  process.stderr.write(
    `bench: node ${env.node}, ${env.cores} x ${env.cpu}, nodemailer ${env.nodemailer}, commit ${env.commit}, load ${formatNumber(loadavg()[0])}\n`,
  );
  // Other work on the machine inflates wall times (and, less, CPU times); the load average goes into the results.
  if (loadavg()[0] > 0.5 * cpus().length) process.stderr.write('bench: warning: the machine is busy; wall-time figures will be noisy\n');
  const started = performance.now();
  const groups: GroupRecord[] = [];
  const rows: Row[] = [];
  for (const scenario of await loadScenarios()) {
    if (!touchesScenario(selection, scenario)) continue;
    const { groups: scenarioGroups, cleanup } = await scenario.prepare();
    try {
      for (const group of scenarioGroups) {
        if (!wantsGroup(selection, scenario, group)) continue;
        process.stderr.write(`${group.id}: ${group.title}\n`);
        const record = await runGroup(scenario, group, selection);
        groups.push(record);
        rows.push(...group.check(record.runs));
      }
    } finally {
      await cleanup();
    }
  }
  const table = renderTable(rows);
  const elapsedS = (performance.now() - started) / 1000;
  env.loadAverageAtEnd = loadavg()[0];
  process.stdout.write(
    `\n${table}\n\n(${formatNumber(elapsedS)} s, load ${formatNumber(Number(env.loadAverageAtStart))} -> ${formatNumber(loadavg()[0])}; ` +
      'ratios are of medians; bounds are judged on the worst run)\n',
  );
  const failures = groups.flatMap((group) => group.failures.map((failure) => `${group.id} ${failure}`));
  if (failures.length > 0) process.stdout.write(`\nFailed runs:\n${failures.map((line) => `  ${line}`).join('\n')}\n`);
  const isFull = selection.selectors.length === 0;
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = isFull ? 'latest.json' : 'last-partial.json';
  await writeFile(
    new URL(file, `file://${RESULTS_DIR}`),
    JSON.stringify({ environment: env, argv: process.argv.slice(2), elapsedSeconds: elapsedS, table, rows, groups }, null, 2) + '\n',
  );
  process.stdout.write(`results written to bench/results/${file}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
