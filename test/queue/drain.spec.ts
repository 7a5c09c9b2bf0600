import { describe, expect } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { redisGate } from '../helpers/redis-server.js';
import { startQueueFleet } from '../helpers/queue-apps.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { notExactlyOnce, testMessage } from '../helpers/queue-checks.js';
import { parseMail } from '../helpers/parse-mail.js';

const gate = redisGate('test/queue/drain.spec.ts');
/**
 * 2,000 here keeps the test well inside its time on a shared two-core machine; `QUEUE_DRAIN_JOBS=10000` runs the
 * full size, which the queue benchmark (scenario 7a) also sends, checking each message arrives once.
 */
const JOBS = Number(process.env.QUEUE_DRAIN_JOBS ?? 2000);
const DRAIN_TIMEOUT_MS = 90_000;

const startFleet = closedAfterEach(startQueueFleet);

describe('outbox drain across three app instances', () => {
  gate.it(`drains ${JOBS} jobs with every Message-ID delivered exactly once`, async () => {
    const { sink, apps } = await startFleet({ queueName: 'drain', concurrency: 10, worker: true });
    const started = performance.now();
    const perApp = Math.ceil(JOBS / apps.length);
    const batches = apps.map((_, a) => Array.from({ length: Math.min(perApp, JOBS - a * perApp) }, (_, i) => testMessage(a * perApp + i)));
    const enqueued = (await Promise.all(apps.map((app, a) => app.enqueue(batches[a])))).flat();
    await sink.waitForArrivals(JOBS, DRAIN_TIMEOUT_MS);
    const drainedMs = performance.now() - started;

    expect(enqueued).toHaveLength(JOBS);
    expect(new Set(enqueued.map((result) => result.messageId)).size).toBe(JOBS);
    expect(new Set(enqueued.map((result) => result.jobId)).size).toBe(JOBS);
    expect(notExactlyOnce(enqueued.map((result) => result.messageId), sink.arrivals)).toEqual([]);
    expect(sink.arrivals).toHaveLength(JOBS);
    // The content made it intact, not just a header: the last message, read back as a mail client would.
    const last = await parseMail(sink.arrivals[sink.arrivals.length - 1].raw);
    const index = Number(/^Outbox message (\d+)$/.exec(last.subject ?? '')?.[1]);
    expect(last.text).toBe(`Message ${index}, sent through the shared outbox.\n`);
    expect(last.to).toMatchObject({ text: `user${index}@example.test` });
    process.stderr.write(`drain: ${JOBS} jobs enqueued and delivered in ${Math.round(drainedMs)} ms\n`);
  }, DRAIN_TIMEOUT_MS + 60_000);
});
