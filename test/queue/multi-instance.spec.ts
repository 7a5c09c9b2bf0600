import { describe, it, expect, afterEach } from '@jest/globals';
import { redisSkipReason, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { startQueueSink, type QueueSink } from '../helpers/queue-sink.js';
import { startQueueApp, type QueueApp } from '../helpers/queue-apps.js';
import { parseMail } from '../helpers/parse-mail.js';
import { maxInWindow, notExactlyOnce, testMessage } from '../helpers/queue-checks.js';

const skip = redisSkipReason('test/queue/multi-instance.spec.ts');
const RATE = 50;
const WINDOW_MS = 1000;
/**
 * The limiter admits RATE jobs per window, and a window opens when the first job after the previous one's
 * expiry starts, so consecutive windows start at least WINDOW_MS apart. The sink sees a message later than its
 * job started, by its send time, and that time varies; a sliding window shorter by this slack than the limiter's
 * can then overlap one limiter window only, so it holds at most RATE arrivals while the send times vary by less
 * than the slack. A per-instance limiter (three times the rate) fills it three times over.
 */
const EDGE_SLACK_MS = 100;
const MESSAGES = 300;

describe('outbox shared by three app instances', () => {
  let redis: RedisServer | undefined;
  let sink: QueueSink | undefined;
  let apps: QueueApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.close()));
    apps = [];
    await sink?.close();
    await redis?.close();
    sink = undefined;
    redis = undefined;
  });

  (skip ? it.skip : it)(`keeps to one limiter of ${RATE} messages a second across three instances, and loses nothing`, async () => {
    redis = await startRedis();
    sink = await startQueueSink();
    const config = { smtpPort: sink.port, redisPort: redis.port, queueName: 'shared', concurrency: 5, worker: true, limiter: { max: RATE, duration: WINDOW_MS } };
    apps = await Promise.all([0, 1, 2].map((a) => startQueueApp({ ...config, clientName: `app${a}.test` })));
    const perApp = MESSAGES / apps.length;
    const enqueued = (await Promise.all(apps.map((app, a) => app.enqueue(Array.from({ length: perApp }, (_, i) => testMessage(a * perApp + i)))))).flat();
    await sink.waitForArrivals(MESSAGES, 60_000);

    expect(notExactlyOnce(enqueued.map((result) => result.messageId), sink.arrivals)).toEqual([]);
    expect(sink.arrivals).toHaveLength(MESSAGES);
    const times = sink.arrivals.map((arrival) => arrival.at);
    expect(maxInWindow(times, WINDOW_MS - EDGE_SLACK_MS)).toBeLessThanOrEqual(RATE);
    // MESSAGES / RATE limiter windows, each opening at least WINDOW_MS after the one before.
    const span = Math.max(...times) - Math.min(...times);
    expect(span).toBeGreaterThanOrEqual((MESSAGES / RATE - 1) * WINDOW_MS - EDGE_SLACK_MS);
    // Every instance sent some: one queue shared by all, not one per instance.
    expect(new Set(sink.arrivals.map((arrival) => arrival.clientName))).toEqual(new Set(['app0.test', 'app1.test', 'app2.test']));
    const mail = await parseMail(sink.arrivals[0].raw);
    expect(mail.subject).toMatch(/^Outbox message \d+$/);
    expect(mail.text).toContain('sent through the shared outbox');
  }, 120_000);
});
