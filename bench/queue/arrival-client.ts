/** Run side of the arrival sink: forks `arrival-sink.js` and talks to it over IPC. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Arrival } from './arrival-session.js';
import type { ArrivalSinkConfig, ArrivalSinkEvent, ArrivalSinkRequest } from './arrival-ipc.js';

const SINK_ENTRY = fileURLToPath(new URL('./arrival-sink.js', import.meta.url));

/** A running arrival sink. */
export interface ArrivalSink {
  readonly port: number;
  /** Messages accepted (every attempt) and distinct keys among them. */
  count(): Promise<{ total: number; distinct: number }>;
  arrivals(): Promise<Arrival[]>;
  /** Resolves with the held message's key and client port once its final dot arrived. */
  readonly held: Promise<{ key: string; clientPort: number }>;
  close(): Promise<void>;
}

/** Forks an arrival sink and waits until it listens. */
export function startArrivalSink(config: ArrivalSinkConfig): Promise<ArrivalSink> {
  const child = fork(SINK_ENTRY, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  const waiting = new Map<number, (event: ArrivalSinkEvent) => void>();
  let onHeld!: (held: { key: string; clientPort: number }) => void;
  const held = new Promise<{ key: string; clientPort: number }>((resolve) => (onHeld = resolve));
  const ask = <T extends ArrivalSinkEvent['type']>(type: ArrivalSinkRequest['type'], answer: T): Promise<Extract<ArrivalSinkEvent, { type: T }>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (event) => (event.type === answer ? resolve(event as Extract<ArrivalSinkEvent, { type: T }>) : reject(new Error(`sink answered ${type} with ${event.type}`))));
      child.send({ type, id } satisfies ArrivalSinkRequest);
    });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`arrival sink exited before listening (code ${code})`));
    child.once('exit', onExit);
    child.on('message', (event: ArrivalSinkEvent) => {
      if (event.type === 'held') onHeld(event);
      else if (event.type === 'ready') {
        child.off('exit', onExit);
        resolve({
          port: event.port,
          held,
          count: async () => {
            const { total, distinct } = await ask('count', 'count');
            return { total, distinct };
          },
          arrivals: async () => (await ask('arrivals', 'arrivals')).arrivals,
          close: async () => {
            const exited = new Promise((done) => child.once('exit', done));
            await ask('close', 'closed');
            await exited;
          },
        });
      } else {
        waiting.get(event.id)?.(event);
        waiting.delete(event.id);
      }
    });
  });
}
