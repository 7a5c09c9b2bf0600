/** Builds the sample once and runs it as a child process, the way `npm run sample` does. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = 'dist-sample/sample/main.js';
function run(command, args, env = process.env) {
    return spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
}
/**
 * `tsc -p tsconfig.sample.json`, the build half of `npm run sample`, without its type check: `npm test` runs
 * `tsc --noEmit` over lib/ and sample/ as its own step, and skipping it here halves the build time.
 */
export async function buildSample() {
    const child = run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.sample.json', '--noCheck']);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    if (code !== 0)
        throw new Error(`the sample does not build (tsc exit ${code}):\n${output}`);
}
/** Starts the built sample with `PORT=0` and waits for the URL it prints. */
export async function startSample(env = {}, timeoutMs = 15_000) {
    const childEnv = { ...process.env, PORT: '0', NO_COLOR: '1', ...env };
    for (const [key, value] of Object.entries(childEnv))
        if (value === undefined)
            delete childEnv[key];
    const child = run(process.execPath, [MAIN], childEnv);
    let output = '';
    const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, output })));
    const url = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            // Never leave a half-started sample (and its embedded SMTP server) running after the test.
            child.kill('SIGKILL');
            reject(new Error(`the sample printed no URL within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        const onData = (chunk) => {
            output += chunk;
            const match = /listening on (http:\/\/\S+)/.exec(output);
            if (match) {
                clearTimeout(timer);
                resolve(match[1]);
            }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', (chunk) => (output += chunk));
        void exited.then((finished) => {
            clearTimeout(timer);
            reject(new Error(`the sample exited (${finished.code ?? finished.signal}) before listening:\n${output}`));
        });
    });
    return {
        url,
        output: () => output,
        stop: async (graceMs = 10_000) => {
            if (child.exitCode === null && child.signalCode === null)
                child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
            const finished = await exited;
            clearTimeout(timer);
            return finished;
        },
    };
}
//# sourceMappingURL=sample-process.js.map