/** Shared by the outbox specs: the message they enqueue and the checks on what the sink received. */
import type { MailMessage } from '../../lib/mime/message.interface.js';
import type { SinkArrival } from './queue-sink.js';

/** A small message with its index in the subject. */
export function testMessage(index: number): MailMessage {
  return {
    from: 'app@example.test',
    to: `user${index}@example.test`,
    subject: `Outbox message ${index}`,
    text: `Message ${index}, sent through the shared outbox.\n`,
  };
}

/** How many times each Message-ID arrived. */
export function countMessageIds(arrivals: SinkArrival[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { messageId } of arrivals) counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
  return counts;
}

/** The most arrivals in any span [t, t + windowMs) that starts at an arrival (where a maximum is always found). */
export function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    while (end < sorted.length && sorted[end] < sorted[start] + windowMs) end += 1;
    best = Math.max(best, end - start);
  }
  return best;
}

/** Message-IDs enqueued that did not arrive exactly once, with how many times they did. */
export function notExactlyOnce(messageIds: string[], arrivals: SinkArrival[]): Array<[string, number]> {
  const counts = countMessageIds(arrivals);
  return messageIds.map((id): [string, number] => [id, counts.get(id) ?? 0]).filter(([, count]) => count !== 1);
}
