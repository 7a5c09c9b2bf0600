/**
 * Scenario 7: the durable outbox. Three worker processes (app instances) share one fresh Redis (AOF,
 * `appendfsync always`) and one sink; the app enqueues from the measured process. Ours (the mailer's outbox)
 * against the hand-written baseline: a BullMQ Queue + Worker calling nodemailer's pooled SMTP transport.
 */
import { ratioRow, infoRow, type Contender, type Group, type Row, type RunResult, type Scenario } from '../scenario.js';
import { summarize } from '../stats.js';
import { measureQueue } from '../queue/measure-queue.js';

/** The baseline's key in results: not bare nodemailer, but BullMQ driving it. */
const BASELINE = 'bullmq-nodemailer';
/** Each worker process: 10 jobs at once over a pool of 5 SMTP connections, on both sides. */
const WORKER_POOL = { pool: true, maxConnections: 5 };
const CONTENDERS: Contender[] = [
  { name: 'ours', side: 'ours', settings: WORKER_POOL },
  { name: BASELINE, side: 'nodemailer', settings: WORKER_POOL },
];
/** Shared by both groups: short locks, so a killed worker's jobs come back in seconds rather than BullMQ's 30. */
const COMMON = { workers: 3, concurrency: 10, window: 50, lockDurationMs: 5000 };
/** Every queue run needs its own sink (arrival times, a held reply); the runner's sink stays idle. */
const IDLE_SINK = { latencyMs: 0, extensions: ['PIPELINING'] };

/** A count that must not exceed `bound` on ours, judged on the worst run; the baseline's beside it. */
function countRow(group: Group, results: Record<string, RunResult[]>, spec: { metric: string; label: string; bound: number }): Row {
  const values = (name: string): number[] => (results[name] ?? []).map((run) => run[spec.metric]).filter((value) => Number.isFinite(value));
  const ours = summarize(values('ours'));
  const theirs = summarize(values(BASELINE));
  return {
    group: group.id, title: group.title, metric: spec.label, oursName: 'ours', ours, theirs,
    target: `<= ${spec.bound} (worst run)`, pass: ours.runs > 0 && ours.max <= spec.bound,
  };
}

function throughputGroup(): Group {
  const self: Group = {
    id: '7a',
    title: '10000 msgs, 3 worker processes, 1 Redis (AOF always), vs BullMQ + nodemailer',
    sink: IDLE_SINK,
    contenders: CONTENDERS,
    runs: 3,
    params: { mode: 'throughput', count: 10_000, warmup: 300, ...COMMON },
    check: (results) => [
      ratioRow(self, results, { metric: 'enqueuePerSecond', label: 'enqueued msgs/s (durable)', ours: 'ours', theirs: BASELINE, bound: 2, direction: 'at-least' }),
      infoRow(self, results, { metric: 'enqueueCpuMs', label: 'app CPU ms per enqueue', ours: 'ours', theirs: BASELINE }),
      infoRow(self, results, { metric: 'deliveredPerSecond', label: 'delivered msgs/s (enqueue to last 250)', ours: 'ours', theirs: BASELINE }),
      infoRow(self, results, { metric: 'latencyP50Ms', label: 'enqueue-to-250 p50 ms', ours: 'ours', theirs: BASELINE }),
      infoRow(self, results, { metric: 'latencyP95Ms', label: 'enqueue-to-250 p95 ms', ours: 'ours', theirs: BASELINE }),
      countRow(self, results, { metric: 'doubleSends', label: 'messages received twice', bound: 0 }),
      infoRow(self, results, { metric: 'enqueueRetries', label: 'enqueues timed out and retried', ours: 'ours', theirs: BASELINE }),
    ],
  };
  return self;
}

function pacedGroup(): Group {
  const self: Group = {
    id: '7b',
    title: '2000 msgs enqueued at a steady 200/s, 3 worker processes: latency at rest',
    sink: IDLE_SINK,
    contenders: CONTENDERS,
    runs: 3,
    params: { mode: 'throughput', count: 2000, warmup: 300, ratePerSecond: 200, ...COMMON },
    check: (results) => [
      infoRow(self, results, { metric: 'latencyP50Ms', label: 'enqueue-to-250 p50 ms', ours: 'ours', theirs: BASELINE }),
      infoRow(self, results, { metric: 'latencyP95Ms', label: 'enqueue-to-250 p95 ms', ours: 'ours', theirs: BASELINE }),
      countRow(self, results, { metric: 'doubleSends', label: 'messages received twice', bound: 0 }),
      infoRow(self, results, { metric: 'enqueueRetries', label: 'enqueues timed out and retried', ours: 'ours', theirs: BASELINE }),
    ],
  };
  return self;
}

function crashGroup(): Group {
  const self: Group = {
    id: '7c',
    title: '1000 msgs; worker SIGKILLed after a final dot, before its 250; restarted',
    sink: IDLE_SINK,
    contenders: CONTENDERS,
    runs: 2,
    params: { mode: 'crash', count: 1000, holdIndex: 300, ...COMMON },
    check: (results) => [
      countRow(self, results, { metric: 'doubleSends', label: 'messages received twice', bound: 0 }),
      infoRow(self, results, { metric: 'failedJobs', label: 'jobs failed or parked', ours: 'ours', theirs: BASELINE }),
      infoRow(self, results, { metric: 'neverReceived', label: 'messages the sink never received', ours: 'ours', theirs: BASELINE }),
      infoRow(self, results, { metric: 'recoveryMs', label: 'kill to drained ms', ours: 'ours', theirs: BASELINE }),
    ],
  };
  return self;
}

export const queueScenario: Scenario = {
  id: '7',
  name: 'queue',
  async prepare() {
    return { groups: [throughputGroup(), pacedGroup(), crashGroup()], cleanup: async () => undefined };
  },
  measure: (task) => measureQueue(task),
};
