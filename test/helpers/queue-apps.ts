/** Starts app instances (queue-app-child.ts) as child processes and drives them over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { MailMessage } from '../../lib/mime/message.interface.js';
import type { EnqueueResult, QueueAppConfig, QueueAppEvent, QueueAppRequest } from './queue-app-child.js';

export type { EnqueueResult, QueueAppConfig } from './queue-app-child.js';
import { startRedis, type RedisServer } from './redis-server.js';
import { startQueueSink, type QueueSink } from './queue-sink.js';

const CHILD = fileURLToPath(new URL('./queue-app-child.ts', import.meta.url));
const REGISTER = fileURLToPath(new URL('./register-nest-ts.mjs', import.meta.url));
/** Compiling Nest and the library with SWC in a fresh process takes seconds on a busy machine. */
const START_TIMEOUT_MS = 45_000;
const CLOSE_TIMEOUT_MS = 15_000;

/** One running app instance. */
export interface QueueApp {
  pid: number;
  /** Enqueues the messages through the instance's MailerService; resolves with each one's job and Message-ID. */
  enqueue(messages: MailMessage[]): Promise<EnqueueResult[]>;
  /** Closes the app (its worker finishes what it holds) and waits for the process to exit. */
  close(): Promise<void>;
  /** SIGKILL: nothing runs on the way out. */
  kill(): Promise<void>;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Forks one app instance and waits until its mailer (and worker) are up. */
export async function startQueueApp(config: QueueAppConfig): Promise<QueueApp> {
  const child = fork(CHILD, [JSON.stringify(config)], { execArgv: ['--import', REGISTER], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve(results: EnqueueResult[]): void; reject(err: Error): void }>();
  let nextId = 1;
  child.on('message', (event: QueueAppEvent) => {
    if (event.type === 'ready' || event.id === undefined) return;
    const waiter = pending.get(event.id);
    pending.delete(event.id);
    if (event.type === 'enqueued') waiter?.resolve(event.results);
    else waiter?.reject(new Error(`enqueue failed in app ${child.pid}: ${event.message}`));
  });
  child.on('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`app ${child.pid} exited (${code ?? signal}) with enqueues pending`));
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`app instance not ready within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`app instance exited at start (code ${code})`));
    };
    child.once('exit', onExit);
    child.on('message', function onFirst(event: QueueAppEvent) {
      if (event.type !== 'ready' && !(event.type === 'failure' && event.id === undefined)) return;
      child.off('message', onFirst);
      child.off('exit', onExit);
      clearTimeout(timer);
      if (event.type === 'ready') resolve();
      else reject(new Error(`app instance failed at start: ${event.message}`));
    });
  });
  const kill = async (): Promise<void> => {
    if (exited(child)) return;
    const gone = once(child, 'exit');
    child.kill('SIGKILL');
    await gone;
  };
  return {
    pid: child.pid!,
    enqueue: (messages) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ type: 'enqueue', id, messages } satisfies QueueAppRequest);
      }),
    async close() {
      if (exited(child)) return;
      const gone = once(child, 'exit');
      const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
      child.send({ type: 'close' } satisfies QueueAppRequest);
      await gone;
      clearTimeout(timer);
    },
    kill,
  };
}

/** App instances sharing one fresh Redis and one sink, as the multi-instance outbox tests run them. */
export interface QueueFleet {
  redis: RedisServer;
  sink: QueueSink;
  /** Instance `a` says EHLO as `app<a>.test`. */
  apps: QueueApp[];
  /** Closes the apps, then the sink and Redis. */
  close(): Promise<void>;
}

/** Starts Redis, a sink and `instances` app instances on them; whatever started is closed again if one fails. */
export async function startQueueFleet(config: Omit<QueueAppConfig, 'smtpPort' | 'redisPort' | 'clientName'>, instances = 3): Promise<QueueFleet> {
  const started: Array<{ close(): Promise<void> }> = [];
  const closeAll = async (): Promise<void> => {
    // Apps first (started last), so no worker is left sending to a closed sink or Redis.
    for (const part of started.splice(0).reverse()) await part.close().catch(() => undefined);
  };
  try {
    const redis = await startRedis();
    started.push(redis);
    const sink = await startQueueSink();
    started.push(sink);
    const starting = Array.from({ length: instances }, (_, a) => startQueueApp({ ...config, smtpPort: sink.port, redisPort: redis.port, clientName: `app${a}.test` }));
    const settled = await Promise.allSettled(starting);
    const apps = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    started.push({ close: async () => void (await Promise.all(apps.map((app) => app.close()))) });
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return { redis, sink, apps, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
