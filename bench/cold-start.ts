/**
 * Child-process entry of scenario 9 (`node cold-start.js '<WorkerTask JSON>'`): a cold start in a fresh process.
 * Loads nothing of its own before the clock starts (the message factory and the client shim import types only),
 * then imports the library (ours from the built package, which scenario 9 builds first), creates a transport,
 * sends one small message (connect, greeting, EHLO, one transaction) and closes it (QUIT). Reports over IPC and exits.
 */
import { performance } from 'node:perf_hooks';
import { smallMessage } from './messages.js';
import { createClient } from './clients.js';
import type { WorkerMessage } from './ipc.js';
import type { WorkerTask } from './scenario.js';

/**
 * What each side's user imports: our engine entry as built for the package (dist/, through the `exports` map, the
 * way an app resolves it), nodemailer's main entry, the floor client's `node:net`.
 */
async function importLibrary(side: WorkerTask['contender']['side']): Promise<void> {
  if (side === 'ours') await import('nestjs-smtp/engine');
  else if (side === 'nodemailer') await import('nodemailer');
  else await import('./floor-client.js');
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as WorkerTask;
  const started = performance.now();
  await importLibrary(task.contender.side);
  const importMs = performance.now() - started;
  const client = await createClient(task.contender.side, { port: task.port, ...task.contender.settings });
  await client.send(smallMessage(0));
  const firstMessageMs = performance.now() - started;
  await client.close();
  const wallMs = performance.now() - started;
  // sinceProcessStartMs adds Node's own start-up, the same for every side.
  const result = { messages: 1, importMs, firstMessageMs, wallMs, sinceProcessStartMs: performance.now() };
  process.send?.({ type: 'result', result } satisfies WorkerMessage);
}

main().then(
  () => process.disconnect(),
  (err: unknown) => {
    process.send?.({ type: 'failure', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) } satisfies WorkerMessage);
    process.disconnect();
  },
);
