/**
 * Runs a scenario in a private network namespace (`unshare --net`, as root) where `lo` also carries the
 * TEST-NET-1 address 192.0.2.10, so a real server can listen on a non-loopback address and nothing leaves
 * the machine. 192.0.2.0/24 is routed into `lo`, so any other 192.0.2.x (e.g. 192.0.2.99) swallows SYNs and
 * never answers: a connect to it only ends by timeout.
 *
 * A scenario is a TypeScript module whose default export is `async (input) => result` (JSON in, JSON out);
 * it runs in a child `node` with SWC-compiled imports (netns-hooks.mjs). Tests assert on the result.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
/** The non-loopback address on `lo` inside the namespace. */
export const NETNS_ADDRESS = '192.0.2.10';
/** An address inside the namespace that is routed but never answers (connects hang until timed out). */
export const NETNS_BLACKHOLE = '192.0.2.99';
const RESULT_MARK = '@@netns-result@@';
/** The input key netns-child.mjs reads as a batch of named inputs. */
const BATCH_KEY = '@@batch@@';
const CHILD = fileURLToPath(new URL('./netns-child.mjs', import.meta.url));
const SETUP = ['ip link set lo up', `ip addr add ${NETNS_ADDRESS}/32 dev lo`, 'ip route add 192.0.2.0/24 dev lo'].join(' && ');
/** Whether this process may create a network namespace and configure it; the reason when it may not. */
export function netnsSupport() {
    const probe = spawnSync('unshare', ['--net', 'sh', '-c', SETUP], { encoding: 'utf8', timeout: 5000 });
    if (probe.error)
        return { ok: false, reason: `unshare is not available (${probe.error.message})` };
    if (probe.status !== 0) {
        const why = (probe.stderr || '').trim() || `exit status ${String(probe.status)}`;
        return { ok: false, reason: `cannot create a network namespace with 'unshare --net' (needs root or CAP_SYS_ADMIN): ${why}` };
    }
    return { ok: true };
}
/**
 * Runs `scenarioPath` (absolute, or a URL from `new URL('./x.ts', import.meta.url)`) inside a fresh namespace.
 * Rejects only when the child could not report (crashed or exceeded `timeoutMs`).
 */
export async function runInNetns(scenario, input = null, timeoutMs = 15_000) {
    const command = `${SETUP} && exec "$0" "$@"`;
    return runChild('unshare', ['--net', 'sh', '-c', command, process.execPath], scenario, input, timeoutMs);
}
/**
 * Runs the scenario once per named input, in one namespace and one child process (saves a process start
 * per test); resolves the outcomes by name.
 */
export async function runBatchInNetns(scenario, inputs, timeoutMs = 30_000) {
    const outcome = await runInNetns(scenario, { [BATCH_KEY]: inputs }, timeoutMs);
    if (!outcome.ok)
        throw new Error(`netns batch failed: ${outcome.error.message}\n${outcome.output}`);
    return outcome.result;
}
/**
 * Runs a scenario the same way but in an ordinary child process (no namespace), with `--expose-gc`: for
 * measurements that must not share the test runner's heap, such as memory growth.
 */
export async function runInChild(scenario, input = null, timeoutMs = 15_000) {
    return runChild(process.execPath, ['--expose-gc'], scenario, input, timeoutMs);
}
async function runChild(command, prefix, scenario, input, timeoutMs) {
    const path = scenario instanceof URL ? fileURLToPath(scenario) : scenario;
    const child = spawn(command, [...prefix, CHILD, path, JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const status = await new Promise((resolve) => child.on('close', (code) => resolve(code)));
    clearTimeout(timer);
    const mark = output.lastIndexOf(RESULT_MARK);
    if (mark < 0)
        throw new Error(`netns scenario ${path} did not report (exit ${String(status)}):\n${output}`);
    const reported = JSON.parse(output.slice(mark + RESULT_MARK.length).split('\n')[0] ?? '{}');
    const before = output.slice(0, mark);
    return reported.ok ? { ok: true, result: reported.result, output: before } : { ok: false, error: reported.error, output: before };
}
//# sourceMappingURL=netns.js.map