/** Runner side of one measured run: forks `worker.js`, zeroes the sink on `mark`, returns the run's figures. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
const WORKER_ENTRY = fileURLToPath(new URL('./worker.js', import.meta.url));
/** A run that takes longer than this is stuck (a client waiting for a reply that will never come). */
const RUN_TIMEOUT_MS = 120_000;
/** Runs one task in a fresh process; the result holds the worker's figures plus `sink.*` counters and derived ones. */
export async function runTask(task, sink, execArgv = []) {
    await sink.reset();
    const figures = await new Promise((resolve, reject) => {
        const child = fork(WORKER_ENTRY, [JSON.stringify(task)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        let outcome = {};
        const timer = setTimeout(() => {
            outcome = { failure: `run timed out after ${RUN_TIMEOUT_MS} ms` };
            child.kill();
        }, RUN_TIMEOUT_MS);
        child.on('message', (message) => {
            if (message.type === 'mark')
                void sink.reset().then(() => child.send({ type: 'marked' }));
            else if (message.type === 'result')
                outcome = { result: message.result };
            else
                outcome = { failure: message.message };
        });
        child.on('exit', (code) => {
            clearTimeout(timer);
            if (outcome.result)
                resolve(outcome.result);
            else
                reject(new Error(outcome.failure ?? `worker exited with code ${code} and no result`));
        });
    });
    const stats = await sink.stats();
    const result = { ...figures };
    for (const [key, value] of Object.entries(stats))
        result[`sink.${key}`] = value;
    result.roundTripsPerMessage = stats.messages > 0 ? stats.roundTrips / stats.messages : Number.NaN;
    result.missingMessages = figures.messages - stats.messages;
    if (figures.recipients !== undefined)
        result.missingRecipients = figures.recipients - stats.recipients;
    return result;
}
//# sourceMappingURL=worker-client.js.map