/** Our side of the queue scenarios: until the outbox is merged, the baseline stands in for it. */
import { createBaselineProducer, startBaselineWorker } from './baseline.js';
import type { Producer, QueueLaunch, RunningWorker } from './queue-side.js';

export async function startOursWorker(launch: QueueLaunch): Promise<RunningWorker> {
  return startBaselineWorker(launch);
}

export async function createOursProducer(launch: QueueLaunch): Promise<Producer> {
  return createBaselineProducer(launch);
}
