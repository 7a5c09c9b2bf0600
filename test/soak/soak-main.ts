/**
 * `npm run soak -- --count=20000 --seed=7 [--mode=data|chunking|both] [--rate=0.03] [--exclude=ehlo:surplus,...] [--large-every=97|0] [--json]`: runs the fault soak
 * as a program, prints the seed, the time and the counts, and exits with 1 when a check failed.
 */
import { failedChecks, runSoak, type SoakMode, type SoakReport } from './soak-driver.js';

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

function numberOption(name: string, fallback: number): number {
  const text = option(name);
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, got ${text}`);
  return value;
}

function print(report: SoakReport): void {
  const { outcomes } = report;
  const lines = [
    `soak mode=${report.mode} seed=${report.seed} count=${report.count} faultRate=${report.faultRate}${report.excluded.length > 0 ? ` excluded=${report.excluded.join(',')}` : ''} time=${(report.elapsedMs / 1000).toFixed(1)}s connections=${report.connections}`,
    `  outcomes: accepted=${outcomes.accepted} refused=${outcomes.refused} uncertain=${outcomes.uncertain} retried=${report.retried} notStarted=${report.notStarted}`,
    `  server accepted=${report.serverAccepted} refusedButReportedAccepted=${report.refusedButReportedAccepted}`,
    `  rss: ${report.rss.checked ? `${report.rss.beforeMiB} MiB -> ${report.rss.afterMiB} MiB (heap committed ${report.rss.heapTotalBeforeMiB} -> ${report.rss.heapTotalAfterMiB} MiB, used ${report.rss.heapBeforeMiB} -> ${report.rss.heapAfterMiB} MiB)` : report.rss.note}`,
    `  rss samples (sent: rss/heapTotal MiB): ${report.samples.map((x) => `${x.sent}: ${x.rssMiB}/${x.heapTotalMiB}`).join(', ')}`,
    `  errors: ${JSON.stringify(report.errors)}`,
    `  faults: ${JSON.stringify(report.faults)}`,
    `  checks: ${failedChecks(report).join(' ') || 'all passed'}`,
    ...report.examples.map((example) => `    ${example.split('\n')[0]}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const count = numberOption('count', 2000);
  const seed = numberOption('seed', Date.now() % 1_000_000);
  const faultRate = numberOption('rate', 0.03);
  const exclude = (option('exclude') ?? '').split(',').filter((name) => name !== '');
  const modeText = option('mode') ?? 'both';
  if (!['data', 'chunking', 'both'].includes(modeText)) throw new Error(`--mode must be data, chunking or both, got ${modeText}`);
  const modes: SoakMode[] = modeText === 'both' ? ['data', 'chunking'] : [modeText as SoakMode];
  const reports: SoakReport[] = [];
  for (const mode of modes) {
    const report = await runSoak({ count, seed, mode, faultRate, exclude, largeEvery: numberOption('large-every', 97) || Number.POSITIVE_INFINITY });
    reports.push(report);
    if (!process.argv.includes('--json')) print(report);
  }
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(reports)}\n`);
  process.exitCode = reports.some((report) => failedChecks(report).length > 0) ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 2;
});
