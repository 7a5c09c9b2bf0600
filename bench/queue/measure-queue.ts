/**
 * One measured run of a queue scenario, for one side: a fresh Redis, an arrival sink, the worker processes, and
 * the app enqueueing from this process. `throughput` enqueues `count` messages and waits until the sink has each;
 * `crash` holds the 250 of one message, SIGKILLs the worker process waiting for it, starts a new one, waits until
 * the queue has nothing left to send, and counts the messages the sink received more than once.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { FULL_EXTENSIONS } from '../sink-server.js';
import { smallMessage } from '../messages.js';
import type { RunResult, WorkerTask } from '../scenario.js';
import type { MailMessage } from '../../lib/mime/message.interface.js';
import { startBenchRedis } from './redis.js';
import { startArrivalSink, type ArrivalSink } from './arrival-client.js';
import { BENCH_KEY_HEADER, type Arrival } from './arrival-session.js';
import { Fleet } from './fleet.js';
import { findSocketOwner } from './socket-owner.js';
import { inspectQueue } from './inspect.js';
import { percentile } from './percentiles.js';
import { createProducer, type Producer, type QueueLaunch } from './queue-side.js';

const POLL_MS = 50;
/** Longest wait for the sink to see every message, or for the queue to drain after a crash. */
const DRAIN_TIMEOUT_MS = 100_000;

/** A bench message: the small transactional one, with a key that stays the same on every attempt. */
function keyedMessage(key: string, index: number): MailMessage {
  return { ...smallMessage(index), headers: { [BENCH_KEY_HEADER]: key } };
}

/** Enqueues keys[i] with at most `window` enqueues in flight (concurrent requests of an app); returns start times. */
async function enqueueAll(producer: Producer, keys: string[], window: number): Promise<Map<string, number>> {
  const startedAt = new Map<string, number>();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < keys.length) {
      const index = next++;
      startedAt.set(keys[index], performance.timeOrigin + performance.now());
      await producer.enqueue(keyedMessage(keys[index], index), keys[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, keys.length) }, lane));
  return startedAt;
}

/**
 * Enqueues keys[i] at start + i / ratePerSecond, whether or not earlier enqueues have resolved (requests arriving
 * at a steady rate); returns start times.
 */
async function enqueuePaced(producer: Producer, keys: string[], ratePerSecond: number): Promise<Map<string, number>> {
  const startedAt = new Map<string, number>();
  const first = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let index = 0; index < keys.length; index += 1) {
    const wait = first + (index * 1000) / ratePerSecond - performance.now();
    if (wait > 0) await delay(wait);
    startedAt.set(keys[index], performance.timeOrigin + performance.now());
    // Observed at once: a rejection must not go unhandled while later enqueues are still being made.
    pending.push(producer.enqueue(keyedMessage(keys[index], index), keys[index]).then(() => undefined, (err: unknown) => err));
  }
  const failure = (await Promise.all(pending)).find((outcome) => outcome !== undefined);
  if (failure) throw failure;
  return startedAt;
}

async function waitFor(what: string, test: () => Promise<boolean>, state: () => Promise<string> = async () => ''): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${DRAIN_TIMEOUT_MS} ms waiting for ${what} ${await state()}`.trim());
    await delay(POLL_MS);
  }
}

/** First arrival per key, and how many arrivals were repeats of a key already seen. */
function firstArrivals(arrivals: Arrival[], wanted: Set<string>): { first: Map<string, number>; repeats: number } {
  const first = new Map<string, number>();
  let repeats = 0;
  for (const { key, at } of arrivals) {
    if (!wanted.has(key)) continue;
    if (first.has(key)) repeats += 1;
    else first.set(key, at);
  }
  return { first, repeats };
}

async function measureThroughput(launch: QueueLaunch, sink: ArrivalSink, producer: Producer, params: WorkerTask['params']): Promise<RunResult> {
  const count = Number(params.count);
  const warmup = Number(params.warmup ?? 0);
  const window = Number(params.window);
  // Warm-up: every process has connected, compiled its hot paths and opened its SMTP pool before measuring.
  await enqueueAll(producer, Array.from({ length: warmup }, (_, i) => `w-${i}`), window);
  await waitFor('the warm-up messages', async () => (await sink.count()).distinct >= warmup);
  const keys = Array.from({ length: count }, (_, i) => `m-${i}`);
  const started = performance.timeOrigin + performance.now();
  // This process only enqueues while the enqueues run: its CPU time is the app's cost per enqueue.
  const cpuBefore = process.cpuUsage();
  const startedAt = params.ratePerSecond ? await enqueuePaced(producer, keys, Number(params.ratePerSecond)) : await enqueueAll(producer, keys, window);
  const enqueueMs = performance.timeOrigin + performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  await waitFor('every message at the sink', async () => (await sink.count()).distinct >= warmup + count, async () => `(the sink has ${(await sink.count()).distinct} of ${warmup + count})`);
  const { first, repeats } = firstArrivals(await sink.arrivals(), new Set(keys));
  const latencies = keys.map((key) => (first.get(key) ?? Number.NaN) - startedAt.get(key)!);
  const lastArrival = Math.max(...first.values());
  return {
    messages: 0,
    delivered: first.size,
    enqueueMs,
    enqueuePerSecond: (count * 1000) / enqueueMs,
    enqueueCpuMs: (cpu.user + cpu.system) / 1000 / count,
    deliveredPerSecond: (count * 1000) / (lastArrival - started),
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
    doubleSends: repeats,
    enqueueRetries: producer.retries(),
    workers: Number(params.workers),
    lockDurationMs: launch.lockDurationMs,
  };
}

async function measureCrash(launch: QueueLaunch, sink: ArrivalSink, producer: Producer, fleet: Fleet, params: WorkerTask['params']): Promise<RunResult> {
  const count = Number(params.count);
  const keys = Array.from({ length: count }, (_, i) => `m-${i}`);
  const enqueued = enqueueAll(producer, keys, Number(params.window));
  // An unref'd timer: once the run is over it must not keep this process alive.
  const held = await Promise.race([sink.held, delay(DRAIN_TIMEOUT_MS, undefined, { ref: false })]);
  if (!held) throw new Error('the held message never reached the sink');
  const victim = await findSocketOwner(fleet.pids(), held.clientPort, launch.sinkPort);
  const killedAt = performance.now();
  await fleet.killAndReplace(victim);
  await enqueued;
  const inspector = await inspectQueue(launch);
  try {
    // Nothing left that could still be sent: the killed process's jobs went back to the queue once their locks
    // expired, and were sent again or parked. A parked job may never have reached the sink (killed after its
    // "content sent" record, before its final dot left), so the sink's count is a figure here, not a condition.
    await waitFor(
      'the queue to drain after the crash',
      async () => (await inspector.unfinished()) === 0,
      async () => `(jobs ${JSON.stringify(await inspector.counts())}; the sink has ${(await sink.count()).distinct} of ${count})`,
    );
    const drainedMs = performance.now() - killedAt;
    const { first, repeats } = firstArrivals(await sink.arrivals(), new Set(keys));
    return {
      messages: 0,
      delivered: first.size,
      neverReceived: count - first.size,
      doubleSends: repeats,
      heldKeyArrivals: (await sink.arrivals()).filter((arrival) => arrival.key === held.key).length,
      failedJobs: await inspector.failed(),
      recoveryMs: drainedMs,
      lockDurationMs: launch.lockDurationMs,
    };
  } finally {
    await inspector.close();
  }
}

/** The scenario's `measure`: runs in the bench's measured child process, which is the app that enqueues. */
export async function measureQueue(task: WorkerTask): Promise<RunResult> {
  const params = task.params;
  const redis = await startBenchRedis();
  const cleanups: (() => Promise<void>)[] = [() => redis.stop()];
  try {
    const sink = await startArrivalSink({ extensions: FULL_EXTENSIONS, ...(params.mode === 'crash' ? { holdKey: `m-${params.holdIndex}` } : {}) });
    cleanups.unshift(() => sink.close());
    const launch: QueueLaunch = {
      side: task.contender.side === 'ours' ? 'ours' : 'baseline',
      redisPort: redis.port,
      sinkPort: sink.port,
      queueName: 'bench-mail',
      concurrency: Number(params.concurrency),
      maxConnections: task.contender.settings.maxConnections ?? 5,
      lockDurationMs: Number(params.lockDurationMs),
    };
    const fleet = await Fleet.start(launch, Number(params.workers));
    cleanups.unshift(() => fleet.close());
    const producer = await createProducer(launch);
    cleanups.unshift(() => producer.close());
    return params.mode === 'crash' ? await measureCrash(launch, sink, producer, fleet, params) : await measureThroughput(launch, sink, producer, params);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}
