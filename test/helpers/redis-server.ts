/**
 * A private redis-server for tests: its own temp dir (AOF on by default), a free 127.0.0.1 port, stopped by PID.
 * `restart()` brings it back on the same port and dir, so an AOF-backed dataset survives it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { serviceGate, type ServiceGate } from './required-service.js';

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const POLL_MS = 25;

/** A running private Redis. */
export interface RedisServer {
  host: '127.0.0.1';
  port: number;
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** The data dir (AOF and RDB files live here). */
  dir: string;
  /** The PID of the current redis-server process. */
  pid(): number;
  /** Stops the server (SIGTERM, then SIGKILL past a deadline); the data dir stays until `close()`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data dir. */
  restart(): Promise<void>;
  /** Stops the server and removes its data dir. */
  close(): Promise<void>;
}

export interface RedisServerOptions {
  /** Turn the append-only file on (`appendonly yes`, `appendfsync always`). @defaultValue true */
  appendonly?: boolean;
}

/** The redis-server binary on PATH (or /usr/bin, /usr/sbin), or undefined. */
export function findRedisServer(): string | undefined {
  if (process.env.REDIS_SERVER_PATH) return process.env.REDIS_SERVER_PATH;
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, 'redis-server'), constants.X_OK);
      return join(dir, 'redis-server');
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The gate of a spec needing Redis: under CI=true its tests run, so a missing redis-server fails them. */
export function redisGate(file: string): ServiceGate {
  return serviceGate(file, findRedisServer() ? undefined : 'no redis-server binary (install the Debian package redis-server)');
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** True when a PING on the port gets +PONG (Redis may accept TCP before it has loaded the AOF). */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean): void => { socket.destroy(); resolve(ok); };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
  });
}

function launch(binary: string, port: number, dir: string, appendonly: boolean): ChildProcess {
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--save', '',
    '--appendonly', appendonly ? 'yes' : 'no', '--appendfsync', 'always', '--protected-mode', 'no',
    '--logfile', join(dir, 'redis.log'),
  ];
  const child = spawn(binary, args, { stdio: 'ignore' });
  child.on('error', () => {});
  return child;
}

async function waitUntilUp(child: ChildProcess, port: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await pings(port))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server on port ${port} exited at start (${child.exitCode ?? child.signalCode})`);
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within ${START_TIMEOUT_MS} ms`);
    await delay(POLL_MS);
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts a private redis-server on a free loopback port with a fresh temp data dir.
 * @throws Error when there is no redis-server binary or it does not answer in time.
 */
export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = findRedisServer();
  if (!binary) throw new Error('cannot start redis-server: no binary (install the Debian package redis-server)');
  const appendonly = options.appendonly ?? true;
  const dir = await mkdtemp(join(tmpdir(), 'redis-'));
  const port = await freePort();
  let child = launch(binary, port, dir, appendonly);
  try {
    await waitUntilUp(child, port);
  } catch (err) {
    await kill(child);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const stop = (): Promise<void> => kill(child);
  return {
    host: '127.0.0.1',
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    pid: () => child.pid!,
    stop,
    restart: async () => {
      await stop();
      child = launch(binary, port, dir, appendonly);
      await waitUntilUp(child, port);
    },
    close: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
