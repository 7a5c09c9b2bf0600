/** Child-process entry of the sink: `node sink-process.js '<SinkConfig JSON>'`, driven over IPC. */
import { SinkServer } from './sink-server.js';
function reply(message) {
    process.send?.(message);
}
async function main() {
    const config = JSON.parse(process.argv[2] ?? '{}');
    const sink = new SinkServer(config);
    const port = await sink.listen();
    process.on('message', (request) => {
        if (request.type === 'stats')
            reply({ type: 'stats', id: request.id, stats: sink.snapshot() });
        else if (request.type === 'reset') {
            sink.reset();
            reply({ type: 'done', id: request.id });
        }
        else if (request.type === 'close') {
            void sink.close().then(() => {
                reply({ type: 'done', id: request.id });
                process.disconnect();
            });
        }
    });
    // The runner going away must not leave a listening orphan behind.
    process.on('disconnect', () => void sink.close().then(() => process.exit(0)));
    reply({ type: 'ready', port });
}
void main();
//# sourceMappingURL=sink-process.js.map