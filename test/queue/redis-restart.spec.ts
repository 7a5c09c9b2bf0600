import { describe, expect, afterEach } from '@jest/globals';
import { setTimeout as delay } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { redisGate, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { startQueueSink, type QueueSink } from '../helpers/queue-sink.js';
import { startQueueApp, type QueueApp } from '../helpers/queue-apps.js';
import { notExactlyOnce, testMessage } from '../helpers/queue-checks.js';

const gate = redisGate('test/queue/redis-restart.spec.ts');
const JOBS = 600;
/** Restart once this many have arrived: well into the run, with most still queued. */
const RESTART_AFTER = 150;
const QUEUE_NAME = 'restart';

/** Jobs that could still lead to a send. */
async function unfinishedJobs(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

describe('outbox across a Redis restart', () => {
  let redis: RedisServer | undefined;
  let sink: QueueSink | undefined;
  let apps: QueueApp[] = [];
  let queue: Queue | undefined;
  afterEach(async () => {
    await queue?.close();
    await Promise.all(apps.map((app) => app.close()));
    apps = [];
    await sink?.close();
    await redis?.close();
    queue = undefined;
    sink = undefined;
    redis = undefined;
  });

  gate.it('loses nothing and sends nothing twice when Redis (appendonly yes) restarts mid-run', async () => {
    redis = await startRedis({ appendonly: true });
    sink = await startQueueSink();
    // A short backoff and short locks, so a send that failed on the restart, or a job whose lock lapsed while Redis
    // was down, is taken up again within the test's time; a limiter of 100 a second, so the run lasts long enough
    // for the restart to land in its middle.
    const config = {
      smtpPort: sink.port, redisPort: redis.port, queueName: QUEUE_NAME, concurrency: 5, worker: true,
      backoff: { type: 'fixed' as const, delay: 200 }, limiter: { max: 100, duration: 1000 }, lockDuration: 3000, stalledInterval: 1000,
    };
    apps = await Promise.all([0, 1, 2].map((a) => startQueueApp({ ...config, clientName: `app${a}.test` })));
    const perApp = JOBS / apps.length;
    const enqueued = (await Promise.all(apps.map((app, a) => app.enqueue(Array.from({ length: perApp }, (_, i) => testMessage(a * perApp + i)))))).flat();
    await sink.waitForArrivals(RESTART_AFTER, 60_000);
    const arrivedBeforeRestart = sink.arrivals.length;
    await redis.restart();
    await sink.waitForArrivals(JOBS, 90_000);

    // Nothing left that could still be sent: only then can "nothing doubled" be judged.
    queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null } });
    const deadline = Date.now() + 60_000;
    while ((await unfinishedJobs(queue)) > 0 && Date.now() < deadline) await delay(100);
    expect(await unfinishedJobs(queue)).toBe(0);
    // Every job reached an end: sent (completed), or parked where a record could not be written while Redis was
    // away; a parked one was still delivered, once, as the sink's count below shows.
    const ends = await queue.getJobCounts('completed', 'failed');
    expect(ends.completed + ends.failed).toBe(JOBS);
    process.stderr.write(`redis restart: ${arrivedBeforeRestart} delivered before it, ${ends.failed} jobs parked or failed\n`);
    expect(arrivedBeforeRestart).toBeLessThan(JOBS / 2);
    expect(notExactlyOnce(enqueued.map((result) => result.messageId), sink.arrivals)).toEqual([]);
    expect(sink.arrivals).toHaveLength(JOBS);
  }, 240_000);
});
