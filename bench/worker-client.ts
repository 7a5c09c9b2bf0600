/** Runner side of one measured run: forks `worker.js`, zeroes the sink on `mark`, returns the run's figures. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SinkHandle } from './sink-client.js';
import type { RunnerMessage, WorkerMessage } from './ipc.js';
import type { RunResult, WorkerTask } from './scenario.js';

const WORKER_ENTRY = 'worker.js';
/** A run that takes longer than this is stuck (a client waiting for a reply that will never come). */
const RUN_TIMEOUT_MS = 120_000;

/**
 * Runs one task in a fresh process; the result holds the worker's figures plus `sink.*` counters and derived ones.
 * @param entry the child's script, beside this file
 */
export async function runTask(task: WorkerTask, sink: SinkHandle, execArgv: string[] = [], entry = WORKER_ENTRY): Promise<RunResult> {
  await sink.reset();
  const script = fileURLToPath(new URL(`./${entry}`, import.meta.url));
  const figures = await new Promise<RunResult>((resolve, reject) => {
    const child = fork(script, [JSON.stringify(task)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let outcome: { result?: RunResult; failure?: string } = {};
    const timer = setTimeout(() => {
      outcome = { failure: `run timed out after ${RUN_TIMEOUT_MS} ms` };
      child.kill();
    }, RUN_TIMEOUT_MS);
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'mark') void sink.reset().then(() => child.send({ type: 'marked' } satisfies RunnerMessage));
      else if (message.type === 'result') outcome = { result: message.result };
      else outcome = { failure: message.message };
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (outcome.result) resolve(outcome.result);
      else reject(new Error(outcome.failure ?? `worker exited with code ${code} and no result`));
    });
  });
  const stats = await sink.stats();
  const result: RunResult = { ...figures };
  for (const [key, value] of Object.entries(stats)) result[`sink.${key}`] = value;
  result.roundTripsPerMessage = stats.messages > 0 ? stats.roundTrips / stats.messages : Number.NaN;
  result.missingMessages = figures.messages - stats.messages;
  if (figures.recipients !== undefined) result.missingRecipients = figures.recipients - stats.recipients;
  return result;
}
