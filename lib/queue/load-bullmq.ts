/** Loads BullMQ, an optional peer, on first use of the outbox, with an error naming the package when missing. */
import { SmtpError } from '../core/errors.js';
import type { Job, Queue, Worker, UnrecoverableError } from 'bullmq';

/** The parts of BullMQ the outbox uses. */
export interface BullMq {
  Queue: typeof Queue;
  Job: typeof Job;
  Worker: typeof Worker;
  UnrecoverableError: typeof UnrecoverableError;
}

/**
 * Imports `bullmq` (a CommonJS package: its exports may sit on `default`).
 * @throws SmtpError ECONFIG naming the package to install when it is missing.
 */
export async function loadBullMq(): Promise<BullMq> {
  let loaded: Partial<BullMq> & { default?: Partial<BullMq> };
  try {
    loaded = (await import('bullmq')) as typeof loaded;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const isMissing = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && (err as Error).message.includes("'bullmq'");
    const message = isMissing
      ? 'the mail queue (queue option) needs the package "bullmq": npm install bullmq ioredis'
      : `the mail queue: loading "bullmq" failed: ${(err as Error).message}`;
    throw new SmtpError('ECONFIG', message, { cause: err });
  }
  const bull = loaded.Queue ? loaded : loaded.default;
  if (!bull?.Queue || !bull.Job || !bull.Worker || !bull.UnrecoverableError) throw new SmtpError('ECONFIG', 'the mail queue: the installed "bullmq" lacks Queue, Job, Worker or UnrecoverableError (install bullmq 6)');
  return bull as BullMq;
}
