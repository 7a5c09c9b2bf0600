/** Runner side of the sink: starts `sink-process.js` as a child and talks to it over IPC. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
const SINK_ENTRY = fileURLToPath(new URL('./sink-process.js', import.meta.url));
/** Forks a sink with the given extensions and latency and waits until it listens. */
export function startSink(config) {
    const child = fork(SINK_ENTRY, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
        const onExit = (code) => reject(new Error(`sink exited before listening (code ${code})`));
        child.once('exit', onExit);
        child.once('message', (message) => {
            child.off('exit', onExit);
            if (message.type !== 'ready')
                return reject(new Error(`unexpected first message from sink: ${message.type}`));
            resolve(createHandle(child, message.port, config));
        });
    });
}
function createHandle(child, port, config) {
    let nextId = 1;
    const waiting = new Map();
    child.on('message', (message) => {
        if (message.type === 'ready')
            return;
        waiting.get(message.id)?.(message);
        waiting.delete(message.id);
    });
    const ask = (type) => new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        child.send({ type, id });
    });
    return {
        port,
        config,
        async stats() {
            const answer = await ask('stats');
            if (answer.type !== 'stats')
                throw new Error('sink answered a stats request with ' + answer.type);
            return answer.stats;
        },
        async reset() {
            await ask('reset');
        },
        async close() {
            const exited = new Promise((done) => child.once('exit', done));
            await ask('close');
            await exited;
        },
    };
}
//# sourceMappingURL=sink-client.js.map