/** The shape of a benchmark scenario and the checks that turn its runs into table rows. */
import type { SinkConfig } from './sink-session.js';
import type { ClientSettings, Side } from './clients.js';
import { summarize, type Summary } from './stats.js';

/** Numbers one measured run produced (the worker's, plus the sink's counters under `sink.*`). */
export type RunResult = Record<string, number>;

/** One transport configuration taking part in a group: a side plus its settings. */
export interface Contender {
  /** Key in results and JSON, e.g. `ours`, `ours-inflight16`, `nodemailer`. */
  name: string;
  side: Side;
  settings: Omit<ClientSettings, 'port'>;
}

/** What the runner hands to a measured child process. */
export interface WorkerTask {
  scenario: string;
  group: string;
  contender: Contender;
  port: number;
  params: Record<string, string | number | boolean>;
}

/** One line of the results table. */
export interface Row {
  group: string;
  title: string;
  metric: string;
  oursName: string;
  ours: Summary;
  /** The contender `theirs` was measured on: nodemailer, unless a row compares with the floor client. */
  theirsName?: string;
  theirs?: Summary;
  /** Median of ours divided by median of nodemailer's. */
  ratio?: number;
  target: string;
  pass?: boolean;
}

/** Contenders sharing one sink configuration, run alternately. */
export interface Group {
  id: string;
  title: string;
  sink: SinkConfig;
  contenders: Contender[];
  runs: number;
  params: Record<string, string | number | boolean>;
  /** Extra node flags for the measured child (e.g. --expose-gc). */
  execArgv?: string[];
  /**
   * The measured child's entry (a file in dist-bench/bench) when it must load nothing before the library under
   * test, as a cold start does; `worker.js`, which loads every scenario, otherwise.
   */
  entry?: string;
  /** Turns the runs of each contender into rows. */
  check(results: Record<string, RunResult[]>): Row[];
}

/** A scenario: its groups (runner side) and how one run is measured (child side). */
export interface Scenario {
  id: string;
  name: string;
  /** Prepares shared inputs (a temp file, say) and returns the groups, with a cleanup. */
  prepare(): Promise<{ groups: Group[]; cleanup(): Promise<void> }>;
  measure(task: WorkerTask, hooks: { mark(): Promise<void> }): Promise<RunResult>;
}

function values(runs: RunResult[] | undefined, metric: string): number[] {
  return (runs ?? []).map((run) => run[metric]).filter((value) => Number.isFinite(value));
}

/** Ours against nodemailer on the median: `at-most` passes when ours/theirs <= bound, `at-least` when >= bound. */
export function ratioRow(
  group: Group,
  results: Record<string, RunResult[]>,
  spec: { id?: string; metric: string; label: string; ours: string; theirs?: string; bound: number; direction: 'at-most' | 'at-least' },
): Row {
  const theirsName = spec.theirs ?? 'nodemailer';
  const ours = summarize(values(results[spec.ours], spec.metric));
  const theirs = summarize(values(results[theirsName], spec.metric));
  const ratio = ours.median / theirs.median;
  const pass = spec.direction === 'at-most' ? ratio <= spec.bound : ratio >= spec.bound;
  const target = `${spec.direction === 'at-most' ? '<=' : '>='} ${spec.bound}x`;
  return { group: spec.id ?? group.id, title: group.title, metric: spec.label, oursName: spec.ours, ours, theirsName, theirs, ratio, target, pass };
}

/**
 * An absolute bound on ours, judged on the worst run (a bound is a promise about every run, not the typical one);
 * nodemailer's figures are shown alongside for reference.
 */
export function boundRow(
  group: Group,
  results: Record<string, RunResult[]>,
  spec: { id?: string; metric: string; label: string; ours: string; bound: number; strict?: boolean; scale?: number; compare?: boolean },
): Row {
  const scale = spec.scale ?? 1;
  const scaled = (runs: RunResult[] | undefined): number[] => values(runs, spec.metric).map((value) => value / scale);
  const ours = summarize(scaled(results[spec.ours]));
  const theirs = spec.compare === false ? undefined : summarize(scaled(results.nodemailer));
  const ratio = theirs ? ours.median / theirs.median : undefined;
  const pass = spec.strict ? ours.max < spec.bound : ours.max <= spec.bound;
  return {
    group: spec.id ?? group.id, title: group.title, metric: spec.label, oursName: spec.ours, ours, theirsName: 'nodemailer', theirs, ratio,
    target: `${spec.strict ? '<' : '<='} ${spec.bound} (worst run)`, pass,
  };
}

/** A figure shown for information, with no target. */
export function infoRow(
  group: Group,
  results: Record<string, RunResult[]>,
  spec: { id?: string; metric: string; label: string; ours: string; theirs?: string; scale?: number },
): Row {
  const scale = spec.scale ?? 1;
  const theirsName = spec.theirs ?? 'nodemailer';
  const ours = summarize(values(results[spec.ours], spec.metric).map((value) => value / scale));
  const theirs = summarize(values(results[theirsName], spec.metric).map((value) => value / scale));
  const ratio = ours.median / theirs.median;
  return { group: spec.id ?? group.id, title: group.title, metric: spec.label, oursName: spec.ours, ours, theirsName, theirs, ratio, target: '-' };
}
