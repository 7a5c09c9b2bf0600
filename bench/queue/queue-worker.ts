/**
 * Child-process entry of one queue worker (one app instance): `node queue-worker.js '<QueueLaunch JSON>'`.
 * Says `ready` over IPC once its worker listens for jobs, and closes it on `close`.
 */
import { startWorker, type QueueLaunch } from './queue-side.js';
import type { FleetEvent, FleetRequest } from './fleet.js';

function send(event: FleetEvent): void {
  process.send?.(event);
}

async function main(): Promise<void> {
  const launch = JSON.parse(process.argv[2] ?? '{}') as QueueLaunch;
  const worker = await startWorker(launch);
  process.on('message', (request: FleetRequest) => {
    if (request.type !== 'close') return;
    void worker.close().then(() => process.disconnect());
  });
  // The run going away (or SIGKILLed) must not leave a worker taking jobs from the next run's Redis.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

main().catch((err: unknown) => {
  send({ type: 'failure', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
