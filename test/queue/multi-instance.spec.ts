import { describe, expect } from '@jest/globals';
import { redisGate } from '../helpers/redis-server.js';
import { startQueueFleet } from '../helpers/queue-apps.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { parseMail } from '../helpers/parse-mail.js';
import { maxInWindow, notExactlyOnce, testMessage } from '../helpers/queue-checks.js';

const gate = redisGate('test/queue/multi-instance.spec.ts');
const RATE = 50;
const WINDOW_MS = 1000;
/**
 * How the rate is judged from the sink's arrival times.
 *
 * The limiter is BullMQ's: a counter in Redis admits RATE job starts per window, and a window opens with the
 * first start after the previous one expired, so windows open at least WINDOW_MS apart. Within one window the
 * starts may fall anywhere (at its end when the workers are busy), so a span of WINDOW_MS can see the last
 * starts of one window and the first of the next: up to 2 x RATE. That is the window edge. The long-run rate is
 * exact, though: MESSAGES jobs need MESSAGES / RATE windows, so from the first start to the last is at least
 * (MESSAGES / RATE - 1) x WINDOW_MS.
 *
 * The sink sees each message later than its start, by its send time, which varies from message to message
 * (by a lot on a busy machine). SEND_SPREAD_MS allows for that: sliding windows of WINDOW_MS - SEND_SPREAD_MS
 * over arrivals cover starts within WINDOW_MS, so at most two limiter windows; and the first to last arrival
 * may be shorter than the starts' span by at most the first message's send time.
 *
 * So: (1) at most 2 x RATE arrivals in any sliding window of WINDOW_MS - SEND_SPREAD_MS; (2) the measured rate,
 * (MESSAGES - RATE) arrivals after the first window over the first-to-last span, at most RATE a second
 * (with the span shortened by SEND_SPREAD_MS). A limiter per instance (3 x RATE) or none fails both.
 */
const SEND_SPREAD_MS = 300;
const MESSAGES = 300;

const startFleet = closedAfterEach(startQueueFleet);

describe('outbox shared by three app instances', () => {
  gate.it(`keeps to one limiter of ${RATE} messages a second across three instances, and loses nothing`, async () => {
    const { sink, apps } = await startFleet({ queueName: 'shared', concurrency: 5, worker: true, limiter: { max: RATE, duration: WINDOW_MS } });
    const perApp = MESSAGES / apps.length;
    const enqueued = (await Promise.all(apps.map((app, a) => app.enqueue(Array.from({ length: perApp }, (_, i) => testMessage(a * perApp + i)))))).flat();
    await sink.waitForArrivals(MESSAGES, 60_000);

    expect(notExactlyOnce(enqueued.map((result) => result.messageId), sink.arrivals)).toEqual([]);
    expect(sink.arrivals).toHaveLength(MESSAGES);
    const times = sink.arrivals.map((arrival) => arrival.at);
    expect(maxInWindow(times, WINDOW_MS - SEND_SPREAD_MS)).toBeLessThanOrEqual(2 * RATE);
    const spanMs = Math.max(...times) - Math.min(...times);
    const measuredRate = ((MESSAGES - RATE) * 1000) / (spanMs + SEND_SPREAD_MS);
    expect(measuredRate).toBeLessThanOrEqual(RATE);
    // Every instance sent some: one queue shared by all, not one per instance.
    expect(new Set(sink.arrivals.map((arrival) => arrival.clientName))).toEqual(new Set(['app0.test', 'app1.test', 'app2.test']));
    const mail = await parseMail(sink.arrivals[0].raw);
    expect(mail.subject).toMatch(/^Outbox message \d+$/);
    expect(mail.text).toContain('sent through the shared outbox');
  }, 120_000);
});
