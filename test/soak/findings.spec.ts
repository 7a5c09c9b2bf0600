import { describe, it, expect } from '@jest/globals';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FindingSummary } from './finding-child.js';

const file = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Runs one reduced soak case in its own process (unhandled rejections are only seen there). */
function runCase(name: string): Promise<FindingSummary> {
  const args = ['--import', file('../helpers/register-ts.mjs'), file('./finding-child.ts'), name];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${name} failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as FindingSummary);
    });
  });
}

/** Faults the soak found, each reduced to a few messages against a scripted server. */
describe('soak findings, reduced', () => {
  it('a surplus reply after the EHLO reply fails the send once, with a pool: it never leaves the queue waiting', async () => {
    const summary = await runCase('ehlo-surplus-pool');
    expect(summary.outcomes).toEqual([expect.objectContaining({ status: 'refused', delivery: 'not-sent' })]);
    // One connection, and at most one retry on a new one.
    expect(summary.connections).toBeLessThanOrEqual(2);
  }, 40_000);

  it('a surplus reply after the EHLO reply fails the send once, without a pool: no reconnecting without end', async () => {
    const summary = await runCase('ehlo-surplus-single');
    expect(summary.outcomes).toEqual([expect.objectContaining({ status: 'refused', delivery: 'not-sent' })]);
    expect(summary.connections).toBe(1);
  }, 40_000);

  it('a surplus 250 right after 354 fails the send without an unhandled rejection', async () => {
    const summary = await runCase('surplus-after-354');
    expect(summary.outcomes).toEqual([expect.objectContaining({ status: 'refused', code: 'EPROTOCOL' })]);
    expect({ unhandledRejections: summary.unhandledRejections, uncaughtExceptions: summary.uncaughtExceptions }).toEqual({ unhandledRejections: 0, uncaughtExceptions: 0 });
  }, 40_000);

  it('with BDAT transactions in flight, a surplus reply never makes a message the server accepted read as not sent', async () => {
    const summary = await runCase('bdat-desync');
    const wrong = summary.outcomes
      .map((outcome, i) => ({ message: i, outcome, serverAccepted: summary.serverAccepted?.[i] ?? 0 }))
      .filter(({ outcome, serverAccepted }) => serverAccepted > 0 && outcome.status === 'refused' && outcome.delivery === 'not-sent');
    expect(summary.outcomes.every((outcome) => outcome.status !== 'pending')).toBe(true);
    expect(wrong).toEqual([]);
  }, 40_000);
});
