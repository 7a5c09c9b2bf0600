/**
 * Child-process entry of the arrival sink: `node arrival-sink.js '<ArrivalSinkConfig JSON>'`, driven over IPC.
 * Runs apart from the measured processes so its CPU is not charged to them.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { ArrivalSession, type Arrival } from './arrival-session.js';
import type { ArrivalSinkConfig, ArrivalSinkEvent, ArrivalSinkRequest } from './arrival-ipc.js';

function send(message: ArrivalSinkEvent): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ArrivalSinkConfig;
  const arrivals: Arrival[] = [];
  const keys = new Set<string>();
  let holdKey = config.holdKey;
  const sockets = new Set<Socket>();
  const listener = {
    accepted(arrival: Arrival) {
      arrivals.push(arrival);
      keys.add(arrival.key);
    },
    held(key: string, clientPort: number) {
      // Hold one message only: its second attempt (if any) is answered like every other.
      holdKey = undefined;
      send({ type: 'held', key, clientPort });
    },
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new ArrivalSession(socket, config.extensions, () => holdKey, listener);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const close = (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  process.on('message', (request: ArrivalSinkRequest) => {
    if (request.type === 'count') send({ type: 'count', id: request.id, total: arrivals.length, distinct: keys.size });
    else if (request.type === 'arrivals') send({ type: 'arrivals', id: request.id, arrivals });
    else void close().then(() => {
      send({ type: 'closed', id: request.id });
      process.disconnect();
    });
  });
  // The bench going away must not leave a listening orphan.
  process.on('disconnect', () => void close().then(() => process.exit(0)));
  send({ type: 'ready', port: (server.address() as AddressInfo).port });
}

void main();
