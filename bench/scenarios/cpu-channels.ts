/**
 * Scenario 11: what the diagnostics channels cost per small message. Ours with nobody subscribed, ours with the
 * OpenTelemetry instrumentation subscribed (spans and metrics, or metrics only), and, when BENCH_BASELINE_REF names
 * a commit, the engine built from that commit (e.g. the one before the channels were added), all in one run against
 * the same sink.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { FULL_EXTENSIONS } from '../sink-server.js';
import { measureSmallMessages } from '../measure.js';
import { infoRow, ratioRow, type Contender, type Group, type Row, type RunResult, type Scenario } from '../scenario.js';

const ONE_CONNECTION = { pool: true, maxConnections: 1, maxMessages: 1_000_000 };
/** As scenario 1a: 5,000 measured messages after 500 unmeasured ones, ten in flight. */
const PARAMS = { count: 5000, warmup: 500, window: 10 };
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Inside dist-bench/ (ignored by git), so that the baseline resolves this checkout's node_modules. */
const BASELINE_DIR = join(ROOT, 'dist-bench', 'baseline');

/** Compiles the engine of `ref` (its lib/ and tsconfigs, from git) into dist-bench/baseline/dist; returns that folder. */
async function buildBaseline(ref: string): Promise<string> {
  await rm(BASELINE_DIR, { recursive: true, force: true });
  await mkdir(BASELINE_DIR, { recursive: true });
  const archive = execFileSync('git', ['archive', ref, 'lib', 'tsconfig.json', 'tsconfig.build.json'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', BASELINE_DIR], { input: archive });
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  // Emit only: the baseline was type-checked when it was committed.
  execFileSync(process.execPath, [tsc, '-p', join(BASELINE_DIR, 'tsconfig.build.json'), '--declaration', 'false', '--noCheck'], { cwd: BASELINE_DIR });
  return join(BASELINE_DIR, 'dist');
}

function channelsGroup(baselineDir: string | undefined, ref: string | undefined): Group {
  const contenders: Contender[] = [
    { name: 'ours', side: 'ours', settings: ONE_CONNECTION },
    { name: 'ours-otel', side: 'ours', settings: { ...ONE_CONNECTION, tracing: 'otel' } },
    { name: 'ours-otel-metrics', side: 'ours', settings: { ...ONE_CONNECTION, tracing: 'otel-metrics' } },
    { name: 'ours-otel-sdk', side: 'ours', settings: { ...ONE_CONNECTION, tracing: 'otel-sdk' } },
    { name: 'ours-noop', side: 'ours', settings: { ...ONE_CONNECTION, tracing: 'noop' } },
    ...(baselineDir ? [{ name: 'baseline', side: 'ours' as const, settings: { ...ONE_CONNECTION, engineDir: baselineDir } }] : []),
  ];
  const self: Group = {
    id: '11a',
    title: `1 conn, 0 ms, 5000 msgs, CHUNKING; channels idle vs OpenTelemetry subscribed${ref ? ` vs ${ref}` : ''}`,
    sink: { latencyMs: 0, extensions: FULL_EXTENSIONS },
    contenders,
    runs: 5,
    params: PARAMS,
    check: (results: Record<string, RunResult[]>): Row[] => [
      // Both bounds are relative to the engine before the channels. Without that build, the subscriber is judged
      // against the engine of this checkout with nobody subscribed: a stricter stand-in.
      ...(baselineDir
        ? [
            ratioRow(self, results, { metric: 'cpuMsPerMessage', label: 'CPU ms/msg, no subscriber vs baseline', ours: 'ours', theirs: 'baseline', bound: 1.02, direction: 'at-most' }),
            ratioRow(self, results, { metric: 'cpuMsPerMessage', label: 'CPU ms/msg, OpenTelemetry vs baseline', ours: 'ours-otel', theirs: 'baseline', bound: 1.15, direction: 'at-most' }),
            infoRow(self, results, { metric: 'cpuMsPerMessage', label: 'CPU ms/msg, OpenTelemetry vs no subscriber', ours: 'ours-otel', theirs: 'ours' }),
          ]
        : [ratioRow(self, results, { metric: 'cpuMsPerMessage', label: 'CPU ms/msg, OpenTelemetry vs no subscriber', ours: 'ours-otel', theirs: 'ours', bound: 1.15, direction: 'at-most' })]),
      infoRow(self, results, { metric: 'cpuMsPerMessage', label: 'CPU ms/msg, OpenTelemetry metrics only vs no subscriber', ours: 'ours-otel-metrics', theirs: 'ours' }),
      infoRow(self, results, { metric: 'cpuMsPerMessage', label: 'CPU ms/msg, no-op subscriber vs none', ours: 'ours-noop', theirs: 'ours' }),
      infoRow(self, results, { metric: 'cpuMsPerMessage', label: 'CPU ms/msg, OpenTelemetry SDK alone vs no subscriber', ours: 'ours-otel-sdk', theirs: 'ours' }),
      infoRow(self, results, { metric: 'cpuMsPerMessage', label: 'CPU ms/msg, OpenTelemetry vs its SDK alone', ours: 'ours-otel', theirs: 'ours-otel-sdk' }),
      infoRow(self, results, { metric: 'messagesPerSecond', label: 'msgs/s, OpenTelemetry vs no subscriber', ours: 'ours-otel', theirs: 'ours' }),
    ],
  };
  return self;
}

export const cpuChannelsScenario: Scenario = {
  id: '11',
  name: 'cpu-channels',
  async prepare() {
    const ref = process.env.BENCH_BASELINE_REF;
    const baselineDir = ref ? await buildBaseline(ref) : undefined;
    return {
      groups: [channelsGroup(baselineDir, ref)],
      cleanup: async () => {
        if (baselineDir) await rm(BASELINE_DIR, { recursive: true, force: true });
      },
    };
  },
  measure: measureSmallMessages,
};
