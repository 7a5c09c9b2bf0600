/** Reads a BullMQ queue's job counts straight from Redis: how the bench knows a run has drained. */
import { Queue } from 'bullmq';
import { redisOptions, type QueueLaunch } from './queue-side.js';

/** States in which a job may still lead to a send. */
const UNFINISHED = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

export interface QueueInspector {
  /** Jobs that may still be sent (waiting, active, delayed...). */
  unfinished(): Promise<number>;
  /** Jobs in the failed set (for ours: parked, e.g. as uncertain). */
  failed(): Promise<number>;
  /** Every state's count, for a report. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function inspectQueue(launch: QueueLaunch): Promise<QueueInspector> {
  const queue = new Queue(launch.queueName, { connection: redisOptions(launch) });
  await queue.waitUntilReady();
  return {
    async unfinished() {
      const counts = await queue.getJobCounts(...UNFINISHED);
      return UNFINISHED.reduce((sum, state) => sum + (counts[state] ?? 0), 0);
    },
    counts: () => queue.getJobCounts(...UNFINISHED, 'completed', 'failed'),
    async failed() {
      return (await queue.getJobCounts('failed')).failed ?? 0;
    },
    close: () => queue.close(),
  };
}
