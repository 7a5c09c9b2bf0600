/** Helpers for outbox tests: a unique queue per test, short BullMQ timings, waiting for an outbox event. */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { MailOutbox, MailOutboxSetup } from '../../lib/queue/mail-outbox.js';
import type { OutboxEvents } from '../../lib/queue/outbox-events.js';

/** Queue timings that make a dead worker's job come back within about a second. */
export const FAST_QUEUE = Object.freeze({
  lockDuration: 1500,
  stalledInterval: 300,
  backoff: { type: 'fixed' as const, delay: 50 },
}) satisfies Partial<MailOutboxSetup>;

/** A queue name no other test uses. */
export function uniqueQueueName(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

/** The first event `event` of `outbox` whose payload satisfies `match`; rejects after `timeoutMs`. */
export function nextEvent<K extends keyof OutboxEvents>(
  outbox: MailOutbox,
  event: K,
  match: (payload: OutboxEvents[K][0]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<OutboxEvents[K][0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      outbox.off(event, listener as never);
      reject(new Error(`no ${String(event)} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: OutboxEvents[K][0]): void => {
      if (!match(payload)) return;
      clearTimeout(timer);
      outbox.off(event, listener as never);
      resolve(payload);
    };
    outbox.on(event, listener as never);
  });
}

/** Every key Redis holds under a queue (BullMQ's default prefix) but the queue's own metadata. */
export async function queueKeys(port: number, queueName: string): Promise<string[]> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    return (await client.keys(`bull:${queueName}:*`)).filter((key) => key !== `bull:${queueName}:meta`);
  } finally {
    client.disconnect();
  }
}

/** Retries `work` until it resolves (a client reconnecting after a Redis restart); rejects with the last error past the deadline. */
export async function retryUntilResolved<T>(work: () => Promise<T>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await work();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await delay(100);
    }
  }
}
