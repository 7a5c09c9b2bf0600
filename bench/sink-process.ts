/** Child-process entry of the sink: `node sink-process.js '<SinkConfig JSON>'`, driven over IPC. */
import { SinkServer } from './sink-server.js';
import type { SinkLaunch, SinkRequest, SinkResponse } from './ipc.js';

function reply(message: SinkResponse): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as SinkLaunch;
  const sink = new SinkServer(config);
  const port = await sink.listen();
  process.on('message', (request: SinkRequest) => {
    if (request.type === 'stats') reply({ type: 'stats', id: request.id, stats: sink.snapshot() });
    else if (request.type === 'reset') {
      sink.reset();
      reply({ type: 'done', id: request.id });
    } else if (request.type === 'close') {
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
