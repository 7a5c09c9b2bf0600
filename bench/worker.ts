/** Child-process entry for one measured run: `node worker.js '<WorkerTask JSON>'`; reports over IPC and exits. */
import { loadScenario } from './scenarios/index.js';
import type { RunnerMessage, WorkerMessage } from './ipc.js';
import type { WorkerTask } from './scenario.js';

function send(message: WorkerMessage): void {
  process.send?.(message);
}

/** Tells the runner the warm-up is over (it zeroes the sink's counters) and waits until it has. */
function mark(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: RunnerMessage): void => {
      if (message.type !== 'marked') return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
    send({ type: 'mark' });
  });
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as WorkerTask;
  const scenario = await loadScenario(task.scenario);
  const result = await scenario.measure(task, { mark });
  send({ type: 'result', result });
}

main().then(
  () => process.disconnect(),
  (err: unknown) => {
    send({ type: 'failure', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    process.disconnect();
  },
);
