/** Child-side measurement of a batch of small messages: wall time, CPU time, throughput. */
import { performance } from 'node:perf_hooks';
import { createClient, type BenchClient } from './clients.js';
import { cpuMsSince } from './probes.js';
import { rawMessage, smallMessage } from './messages.js';
import type { MailMessage } from '../lib/mime/message.interface.js';
import type { RunResult, WorkerTask } from './scenario.js';

type MessageFactory = (index: number) => MailMessage;

/** Sends `count` messages keeping at most `window` in flight, as an app sending one after another would. */
async function sendWindowed(client: BenchClient, make: MessageFactory, first: number, count: number, window: number): Promise<void> {
  let next = first;
  const end = first + count;
  const lane = async (): Promise<void> => {
    while (next < end) await client.send(make(next++));
  };
  await Promise.all(Array.from({ length: Math.min(window, count) }, lane));
}

/** Submits all `count` messages at once and waits for every one. */
async function sendBurst(client: BenchClient, make: MessageFactory, first: number, count: number): Promise<void> {
  await Promise.all(Array.from({ length: count }, (_, i) => client.send(make(first + i))));
}

/**
 * Measures one run of small messages. Params: `count`, `warmup` (messages sent before measuring, after which the
 * sink's counters are zeroed), either `window` (messages in flight) or `burst: true` (all submitted at once), and
 * `raw: true` to send pre-rendered messages instead of composed ones.
 * The clock and CPU meter stop when the last message is accepted; closing the transport is not measured.
 * `peakRssMb` is the process's peak resident set (library, warm-up and measured messages).
 */
export async function measureSmallMessages(task: WorkerTask, hooks: { mark(): Promise<void> }): Promise<RunResult> {
  const count = Number(task.params.count);
  const warmup = Number(task.params.warmup ?? 0);
  const window = Number(task.params.window ?? 1);
  const make: MessageFactory = task.params.raw ? rawMessage : smallMessage;
  const send = (client: BenchClient, first: number, n: number): Promise<void> =>
    task.params.burst ? sendBurst(client, make, first, n) : sendWindowed(client, make, first, n, window);
  const client = await createClient(task.contender.side, { port: task.port, ...task.contender.settings });
  if (warmup > 0) {
    await send(client, 0, warmup);
    await hooks.mark();
  }
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  await send(client, warmup, count);
  const wallMs = performance.now() - started;
  const cpuMs = cpuMsSince(cpuStart);
  await client.close();
  // The process's high-water mark (warm-up included), as the OS counts it: nothing sampled, nothing missed.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  return { messages: count, wallMs, cpuMs, cpuMsPerMessage: cpuMs / count, messagesPerSecond: (count * 1000) / wallMs, peakRssMb };
}
