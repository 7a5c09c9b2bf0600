/**
 * A private redis-server for one bench run: a fresh temp dir, a free loopback port, the append-only file on with
 * `appendfsync always` (an enqueue that resolved is on disk: "durable"), stopped by PID and removed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/** A running private Redis. */
export interface BenchRedis {
  port: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** True once a PING gets +PONG (Redis accepts TCP before it has loaded its data). */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(chunk.toString('latin1').startsWith('+PONG')));
    socket.once('error', () => done(false));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Starts redis-server (from PATH, or REDIS_SERVER_PATH) and waits until it answers. */
export async function startBenchRedis(): Promise<BenchRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-redis-'));
  const port = await freePort();
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--save', '',
    '--appendonly', 'yes', '--appendfsync', 'always', '--protected-mode', 'no', '--logfile', join(dir, 'redis.log'),
  ];
  const child = spawn(process.env.REDIS_SERVER_PATH ?? 'redis-server', args, { stdio: 'ignore' });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await pings(port))) {
    const failed = await Promise.race([spawnError, delay(25, undefined)]);
    if (failed) throw new Error(`cannot start redis-server (install the Debian package redis-server): ${failed.message}`);
    if (child.exitCode !== null) throw new Error(`redis-server exited at start with code ${child.exitCode}; see ${dir}/redis.log`);
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer within ${START_TIMEOUT_MS} ms`);
  }
  return {
    port,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
