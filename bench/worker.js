/** Child-process entry for one measured run: `node worker.js '<WorkerTask JSON>'`; reports over IPC and exits. */
import { SCENARIOS } from './scenarios/index.js';
function send(message) {
    process.send?.(message);
}
/** Tells the runner the warm-up is over (it zeroes the sink's counters) and waits until it has. */
function mark() {
    return new Promise((resolve) => {
        const onMessage = (message) => {
            if (message.type !== 'marked')
                return;
            process.off('message', onMessage);
            resolve();
        };
        process.on('message', onMessage);
        send({ type: 'mark' });
    });
}
async function main() {
    const task = JSON.parse(process.argv[2] ?? '{}');
    const scenario = SCENARIOS.find((candidate) => candidate.id === task.scenario);
    if (!scenario)
        throw new Error(`unknown scenario ${task.scenario}`);
    const result = await scenario.measure(task, { mark });
    send({ type: 'result', result });
}
main().then(() => process.disconnect(), (err) => {
    send({ type: 'failure', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    process.disconnect();
});
//# sourceMappingURL=worker.js.map