/**
 * `npm test`: the static checks (type-check, then ESLint and TypeDoc) and jest, side by side. Most of jest's
 * time is spent waiting on servers, timeouts and child processes, so the checks fit in beside it instead of
 * running first. Jest's output streams as usual; the checks' output is held and printed once they end, so the
 * two never interleave. Exits non-zero when either failed.
 */
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs `npm run <script>`; resolves with its exit status and, when `capture`, its output. */
function run(script, capture) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', script], { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    const output = [];
    if (capture) {
      child.stdout.on('data', (chunk) => output.push(chunk));
      child.stderr.on('data', (chunk) => output.push(chunk));
    }
    child.on('error', (err) => resolve({ status: 1, output: `${script}: ${err.message}\n` }));
    child.on('close', (code, signal) => resolve({ status: code ?? (signal ? 1 : 0), output: Buffer.concat(output).toString() }));
  });
}

const checks = run('checks', true).then((result) => {
  const verdict = result.status === 0 ? 'passed' : `FAILED (exit ${result.status})`;
  process.stdout.write(`\n[static checks: type-check, ESLint, TypeDoc] ${verdict}\n${result.output}`);
  return result.status;
});
const jest = run('jest', false).then((result) => result.status);

const [checksStatus, jestStatus] = await Promise.all([checks, jest]);
if (checksStatus !== 0) process.stdout.write(`\nstatic checks failed (exit ${checksStatus}); see their output above\n`);
process.exitCode = checksStatus !== 0 ? checksStatus : jestStatus;
