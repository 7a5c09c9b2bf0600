import { describe, it, expect } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { Pool, type FailureVerdict, type PoolOptions } from '../../lib/transport/pool.js';

class FakeWorker extends EventEmitter {
  isOpen = true;
  concurrency = 1;
  quits = 0;
  constructor(readonly id: number) {
    super();
  }
  async quit(): Promise<void> {
    this.quits += 1;
    this.isOpen = false;
    this.emit('close');
  }
}

type Job = { id: number; failTimes?: number; delayMs?: number };

function makePool(overrides: Partial<PoolOptions<FakeWorker, Job, string>> = {}) {
  const workers: FakeWorker[] = [];
  const runs: Array<{ job: number; worker: number }> = [];
  const attempts = new Map<number, number>();
  let running = 0;
  let maxRunning = 0;
  const pool = new Pool<FakeWorker, Job, string>({
    maxConnections: 2,
    maxMessages: 100,
    keepIdle: true,
    rateDeltaMs: 1000,
    open: async () => {
      const worker = new FakeWorker(workers.length);
      workers.push(worker);
      return worker;
    },
    run: async (worker, job) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      runs.push({ job: job.id, worker: worker.id });
      await new Promise((resolve) => setTimeout(resolve, job.delayMs ?? 5));
      running -= 1;
      const count = (attempts.get(job.id) ?? 0) + 1;
      attempts.set(job.id, count);
      if (count <= (job.failTimes ?? 0)) {
        worker.isOpen = false;
        throw new Error(`job ${job.id} failed`);
      }
      return `done ${job.id}`;
    },
    classify: (_err, _job, tries): FailureVerdict => (tries === 0 ? 'retry' : 'reject'),
    ...overrides,
  });
  return { pool, workers, runs, attempts, maxRunning: () => maxRunning };
}

describe('pool', () => {
  it('runs jobs in arrival order on at most maxConnections workers, reusing them', async () => {
    const { pool, workers, runs, maxRunning } = makePool();
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((id) => pool.submit({ id })));
    expect(results).toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5', 'done 6']);
    expect(workers).toHaveLength(2);
    expect(maxRunning()).toBe(2);
    expect(runs.slice(0, 2).map((run) => run.job)).toEqual([1, 2]);
  });

  it('recycles a worker after maxMessages jobs', async () => {
    const { pool, workers } = makePool({ maxConnections: 1, maxMessages: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((id) => pool.submit({ id })));
    expect(workers).toHaveLength(3);
    expect(workers[0].quits).toBe(1);
  });

  it('retries a job once on a new worker when the verdict says so, and reports the second failure', async () => {
    const { pool, workers, attempts } = makePool({ maxConnections: 1 });
    await expect(pool.submit({ id: 1, failTimes: 1 })).resolves.toBe('done 1');
    await expect(pool.submit({ id: 2, failTimes: 2 })).rejects.toThrow('job 2 failed');
    expect(attempts.get(2)).toBe(2);
    expect(workers.length).toBeGreaterThanOrEqual(3);
  });

  it('rejects every queued job at once when opening fails for a permanent reason', async () => {
    let opens = 0;
    const { pool } = makePool({
      maxConnections: 1,
      open: async () => {
        opens += 1;
        throw new Error('auth refused');
      },
      classify: () => 'reject-all',
    });
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map((id) => pool.submit({ id })));
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(opens).toBe(1);
  });

  it('keeps to rateLimit jobs per rateDelta', async () => {
    const { pool } = makePool({ rateLimit: 2, rateDeltaMs: 150, maxConnections: 5 });
    const started = Date.now();
    await Promise.all([1, 2, 3, 4, 5].map((id) => pool.submit({ id, delayMs: 1 })));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('lets a worker with higher concurrency run several jobs at once', async () => {
    const { pool, workers, maxRunning } = makePool({
      maxConnections: 1,
      open: async () => {
        const worker = new FakeWorker(0);
        worker.concurrency = 4;
        workers.push(worker);
        return worker;
      },
    });
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((id) => pool.submit({ id, delayMs: 20 })));
    expect(workers).toHaveLength(1);
    expect(maxRunning()).toBe(4);
  });

  it('reports idle when it has room, and emits idle', async () => {
    const { pool } = makePool({ maxConnections: 1 });
    expect(pool.isIdle()).toBe(true);
    let idleEvents = 0;
    pool.on('idle', () => (idleEvents += 1));
    const first = pool.submit({ id: 1, delayMs: 30 });
    const second = pool.submit({ id: 2, delayMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pool.isIdle()).toBe(false);
    await Promise.all([first, second]);
    expect(pool.isIdle()).toBe(true);
    expect(idleEvents).toBeGreaterThan(0);
  });

  it('drains queued and running jobs before closing every worker', async () => {
    const { pool, workers } = makePool({ maxConnections: 2 });
    const jobs = [1, 2, 3, 4, 5].map((id) => pool.submit({ id, delayMs: 10 }));
    const closed = pool.drainAndClose();
    await closed;
    await expect(Promise.all(jobs)).resolves.toHaveLength(5);
    expect(workers.every((worker) => worker.quits === 1)).toBe(true);
  });
  it('starts the next job on a worker as soon as the running one frees its place, before that one settles', async () => {
    const events: string[] = [];
    const settle: Array<() => void> = [];
    const { pool, workers } = makePool({
      maxConnections: 1,
      run: (_worker, job, freeSlot) =>
        new Promise<string>((resolve) => {
          events.push(`start ${job.id}`);
          settle.push(() => {
            events.push(`settle ${job.id}`);
            resolve(`done ${job.id}`);
          });
          // Job 1 says its place is free at once; it settles only when told to.
          if (job.id === 1) freeSlot();
          else setTimeout(() => settle.at(-1)?.(), 5);
        }),
    });
    const first = pool.submit({ id: 1 });
    const second = pool.submit({ id: 2 });
    await expect(second).resolves.toBe('done 2');
    // Job 2 ran to the end while job 1 was still unsettled, on the same worker.
    expect(events).toEqual(['start 1', 'start 2', 'settle 2']);
    settle[0]();
    await expect(first).resolves.toBe('done 1');
    expect(workers).toHaveLength(1);
  });

  it('counts a place freed early once, and waits for its job to settle before retiring the worker or draining', async () => {
    let settleFirst!: () => void;
    let running = 0;
    let maxRunning = 0;
    const { pool, workers } = makePool({
      maxConnections: 1,
      maxMessages: 2,
      run: (_worker, job, freeSlot) =>
        new Promise<string>((resolve) => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          const done = (): void => {
            running -= 1;
            resolve(`done ${job.id}`);
          };
          if (job.id === 1) {
            freeSlot();
            freeSlot();
            settleFirst = done;
          } else setTimeout(done, 5);
        }),
    });
    const first = pool.submit({ id: 1 });
    const others = [2, 3].map((id) => pool.submit({ id }));
    await others[0];
    // Job 2 was the worker's last (maxMessages 2); job 1 still needs the session, so it is not released yet.
    expect(workers[0].quits).toBe(0);
    const drained = pool.drainAndClose();
    let isDrained = false;
    void drained.then(() => (isDrained = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(isDrained).toBe(false);
    settleFirst();
    await expect(first).resolves.toBe('done 1');
    await expect(others[1]).resolves.toBe('done 3');
    await drained;
    expect(workers[0].quits).toBe(1);
    // A second freeSlot call freed nothing more: never more than two jobs (one freed early, one running) at once.
    expect(maxRunning).toBe(2);
  });
});
