/** The worker processes of one run (the app instances): forked, killed with SIGKILL, replaced, closed. */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { QueueLaunch } from './queue-side.js';

const WORKER_ENTRY = fileURLToPath(new URL('./queue-worker.js', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 15_000;

export type FleetRequest = { type: 'close' };
export type FleetEvent = { type: 'ready' } | { type: 'failure'; message: string };

/** Forks one worker process and waits for its `ready`. */
async function spawnWorker(launch: QueueLaunch): Promise<ChildProcess> {
  const child = fork(WORKER_ENTRY, [JSON.stringify(launch)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker process not ready within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`worker process exited at start (code ${code})`)));
    child.once('message', (event: FleetEvent) => {
      clearTimeout(timer);
      if (event.type === 'ready') resolve();
      else reject(new Error(`worker process failed at start: ${event.message}`));
    });
  });
  return child;
}

/** A set of worker processes sharing one queue. */
export class Fleet {
  private readonly children: ChildProcess[] = [];

  private constructor(private readonly launch: QueueLaunch) {}

  /** Starts `size` worker processes, all ready before it resolves. */
  static async start(launch: QueueLaunch, size: number): Promise<Fleet> {
    const fleet = new Fleet(launch);
    try {
      fleet.children.push(...(await Promise.all(Array.from({ length: size }, () => spawnWorker(launch)))));
    } catch (err) {
      await fleet.close();
      throw err;
    }
    return fleet;
  }

  pids(): number[] {
    return this.children.map((child) => child.pid!).filter(Boolean);
  }

  /** SIGKILLs one worker process (no cleanup of any kind runs) and starts a fresh one in its place. */
  async killAndReplace(pid: number): Promise<void> {
    const index = this.children.findIndex((child) => child.pid === pid);
    if (index < 0) throw new Error(`no worker process with pid ${pid}`);
    const victim = this.children[index];
    const exited = once(victim, 'exit');
    victim.kill('SIGKILL');
    await exited;
    this.children[index] = await spawnWorker(this.launch);
  }

  /** Asks every worker process to close its worker; SIGKILLs those that do not exit in time. */
  async close(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
        if (child.connected) child.send({ type: 'close' } satisfies FleetRequest);
        else child.kill('SIGKILL');
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}
