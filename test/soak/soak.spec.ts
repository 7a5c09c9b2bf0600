import { describe, it, expect, beforeAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SoakMode, SoakReport } from './soak-driver.js';

/** A small soak for every test run; `npm run soak -- --count=20000 --seed=N` is the long one. */
const COUNT = 300;
const SEED = 1;

const file = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * Runs the soak in a child process: it needs `--expose-gc` for the memory check, and its own process so that
 * an unhandled rejection or uncaught exception is the engine's, seen by the soak's own listeners.
 */
function runChild(mode: SoakMode): Promise<SoakReport> {
  const args = ['--expose-gc', '--import', file('../helpers/register-ts.mjs'), file('./soak-main.ts'), `--count=${COUNT}`, `--seed=${SEED}`, `--mode=${mode}`, '--json'];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: 150_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      // Exit code 1 only means a check failed: the report says which, and the tests below assert each.
      if (err && err.code !== 1) {
        reject(new Error(`soak child failed: ${err.message}\n${stderr}`));
        return;
      }
      try {
        resolve((JSON.parse(last) as SoakReport[])[0] as SoakReport);
      } catch {
        reject(new Error(`soak child printed no report:\n${stdout}\n${stderr}`));
      }
    });
  });
}

const reports = new Map<SoakMode, SoakReport>();

beforeAll(async () => {
  const [data, chunking] = await Promise.all([runChild('data'), runChild('chunking')]);
  reports.set('data', data);
  reports.set('chunking', chunking);
}, 300_000);

/** The report, with its examples, so that a failing assertion shows where to start. */
function reportOf(mode: SoakMode): SoakReport {
  const report = reports.get(mode);
  if (!report) throw new Error(`no soak report for ${mode}`);
  return report;
}

describe.each([
  ['DATA', 'data'],
  ['CHUNKING with 4 transactions in flight', 'chunking'],
] as const)(`fault soak, %s (${COUNT} messages, seed ${SEED})`, (_name, mode) => {
  it('played faults at every phase and still delivered most messages', () => {
    const report = reportOf(mode);
    const phases = new Set(Object.keys(report.faults).map((name) => name.split(':')[0]));
    expect([...phases].sort()).toEqual(expect.arrayContaining(['body', 'end', 'mail', 'rcpt']));
    expect(report.outcomes.accepted).toBeGreaterThan(COUNT / 2);
    expect(report.outcomes.accepted + report.outcomes.refused + report.outcomes.uncertain + report.notStarted).toBe(COUNT);
  });

  it('settles every sendMail exactly once, through the callback form and the promise form alike, with an SmtpError on failure', () => {
    const { violations, examples } = reportOf(mode);
    expect({ unsettled: violations.unsettled, callbackMisbehaved: violations.callbackMisbehaved, foreignErrors: violations.foreignErrors, examples }).toEqual({
      unsettled: 0,
      callbackMisbehaved: 0,
      foreignErrors: 0,
      examples,
    });
    expect(reportOf(mode).notStarted).toBe(0);
  });

  it('never reports not-sent for a message the server accepted', () => {
    const { violations, examples } = reportOf(mode);
    expect({ acceptedButNotSent: violations.acceptedButNotSent, examples }).toEqual({ acceptedButNotSent: 0, examples });
  });

  it('reports uncertain for any message the server accepted twice', () => {
    const { violations, examples } = reportOf(mode);
    expect({ duplicateAccepted: violations.duplicateAccepted, examples }).toEqual({ duplicateAccepted: 0, examples });
  });

  it('retries a not-sent message at most once (at most two MAIL FROM per message)', () => {
    const { violations, examples } = reportOf(mode);
    expect({ tooManyAttempts: violations.tooManyAttempts, examples }).toEqual({ tooManyAttempts: 0, examples });
  });

  it('leaks nothing to the process: no unhandled rejection, no uncaught exception (nor an unheard error event)', () => {
    const { violations, examples } = reportOf(mode);
    expect({ unhandledRejections: violations.unhandledRejections, uncaughtExceptions: violations.uncaughtExceptions, examples }).toEqual({
      unhandledRejections: 0,
      uncaughtExceptions: 0,
      examples,
    });
  });

  it('delivers each message under its own Message-ID', () => {
    expect(reportOf(mode).violations.mismatchedIds).toBe(0);
  });

  it('returns to within a few MB of RSS and heap after the run', () => {
    const { rss, violations } = reportOf(mode);
    expect(rss.checked).toBe(true);
    expect({ rssGrowth: violations.rssGrowth, heapGrowth: violations.heapGrowth, rss }).toEqual({ rssGrowth: 0, heapGrowth: 0, rss });
  });
});
