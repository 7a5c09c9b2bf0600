import { describe, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createTransport } from '../../lib/transport/transport.js';
import { MailOutbox } from '../../lib/queue/mail-outbox.js';
import { startScriptServer, type Script, type ScriptConnection, type ScriptServer } from '../helpers/script-server.js';
import { redisGate, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { FAST_QUEUE, uniqueQueueName } from '../helpers/outbox.js';

const gate = redisGate('test/queue/crash.spec.ts');
const test = gate.it;
const helper = (name: string): string => fileURLToPath(new URL(`../helpers/${name}`, import.meta.url));

/** Points of a send where the server tells the test, which may kill the worker there. */
type Phase = 'connect' | 'mail' | 'body' | 'dot' | 'accepted';

const PHASES: Phase[] = ['connect', 'mail', 'body', 'dot', 'accepted'];

/** What the scripted server saw, over every connection. */
interface ServerLog {
  /** Messages whose final dot arrived. */
  complete: number;
  /** Messages the server answered 250 to. */
  accepted: number;
  /** Phases reached, in order, over every connection. */
  phases: Phase[];
}

/** How one crash ended: who settled the job, its state, what the server saw. */
interface CrashOutcome {
  log: ServerLog;
  state: string | undefined;
  connections: number;
  settledBy: string;
}

/** A 400 KB body: larger than the engine's read-ahead, so it is streamed. */
const BODY = `${'crash test line '.repeat(4)}\r\n`.repeat(6_000);
/**
 * For the mid-body kill, a 6 MB body: more than loopback's socket buffers can hold (4 MiB send buffer at most, a
 * receive window that stays small while the server does not read), so the worker is surely still writing it when
 * the server has read 32 KB and the test kills it, far from the final dot.
 */
const LARGE_BODY = `${'crash test line '.repeat(4)}\r\n`.repeat(92_000);
const MID_BODY_BYTES = 32 * 1024;

/**
 * A plain ESMTP server (no PIPELINING, no CHUNKING: one command, one reply) that awaits `reached(phase)` at each
 * phase before going on. `reached` returns 'stop' when the test has killed the worker there.
 */
function phasedSmtp(log: ServerLog, reached: (phase: Phase) => Promise<'go' | 'stop'>): Script {
  const at = async (conn: ScriptConnection, phase: Phase): Promise<boolean> => {
    log.phases.push(phase);
    if ((await reached(phase)) === 'go') return true;
    await conn.closed;
    return false;
  };
  return async (conn) => {
    if (!(await at(conn, 'connect'))) return;
    await conn.reply('220 mx.test ESMTP');
    for (;;) {
      const verb = (await conn.readLine()).split(' ')[0].toUpperCase();
      if (verb === 'EHLO') await conn.reply('250-mx.test\r\n250 8BITMIME');
      else if (verb === 'MAIL') {
        if (!(await at(conn, 'mail'))) return;
        await conn.reply('250 2.1.0 OK');
      } else if (verb === 'RCPT') await conn.reply('250 2.1.5 OK');
      else if (verb === 'DATA') {
        await conn.reply('354 go ahead');
        await conn.readBytes(MID_BODY_BYTES);
        if (!(await at(conn, 'body'))) return;
        await conn.readUntil('\r\n.\r\n');
        log.complete += 1;
        if (!(await at(conn, 'dot'))) return;
        await conn.reply('250 2.0.0 queued');
        log.accepted += 1;
        if (!(await at(conn, 'accepted'))) return;
      } else if (verb === 'QUIT') {
        await conn.reply('221 bye');
        await conn.close();
        return;
      } else await conn.reply('502 5.5.2 what?');
    }
  };
}

/** A worker process, with the events it printed. */
interface WorkerChild {
  process: ChildProcess;
  events: Array<{ event: string; jobId?: string }>;
  /** Resolves with the first event printed of those named (for `jobId`, when given). */
  waitFor(events: string | string[], jobId?: string, timeoutMs?: number): Promise<string>;
  /** Lets the process start its worker. */
  start(): void;
  exited: Promise<unknown>;
}

function startWorker(redisUrl: string, queueName: string, smtpPort: number): WorkerChild {
  const child = spawn(process.execPath, ['--import', helper('register-ts.mjs'), helper('outbox-child.ts'), redisUrl, queueName, String(smtpPort)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const events: WorkerChild['events'] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    events.push(JSON.parse(line) as WorkerChild['events'][number]);
    for (const wake of waiters) wake();
  });
  const waitFor = (wanted: string | string[], jobId?: string, timeoutMs = 20_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const names = [wanted].flat();
      const check = (): void => {
        const found = events.find((e) => names.includes(e.event) && (jobId === undefined || e.jobId === jobId));
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found.event);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`worker printed no ${names.join(' or ')} within ${timeoutMs} ms (saw ${JSON.stringify(events)})`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const start = (): void => {
    child.stdin!.end('start\n');
  };
  return { process: child, events, waitFor, start, exited };
}

describe('outbox crash safety: a worker killed with SIGKILL at each phase of a send', () => {
  let redis: RedisServer;
  const children: WorkerChild[] = [];
  const outboxes: MailOutbox[] = [];
  const servers: ScriptServer[] = [];
  /** The five crashes run at once (each its own queue, server and processes); each test checks one outcome. */
  const outcomes = new Map<Phase, Promise<CrashOutcome>>();

  beforeAll(async () => {
    if (!gate.runs) return;
    redis = await startRedis();
    for (const phase of PHASES) {
      const outcome = crashAt(phase);
      // Each test awaits its own; none is left to reject unhandled meanwhile.
      outcome.catch(() => undefined);
      outcomes.set(phase, outcome);
    }
  });
  afterAll(async () => {
    await Promise.allSettled(outcomes.values());
    for (const child of children.splice(0)) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await child.exited;
    }
    await Promise.all(outboxes.splice(0).map((outbox) => outbox.close()));
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await redis?.close();
  }, 20_000);

  /**
   * Enqueues one message, lets a first worker process reach `killAt` and kills it there, then starts a fresh
   * worker process and waits until it settles the job (`completed` or `parked`).
   */
  async function crashAt(killAt: Phase): Promise<CrashOutcome> {
    const log: ServerLog = { complete: 0, accepted: 0, phases: [] };
    let first: WorkerChild | undefined;
    let killed = false;
    const srv = await startScriptServer(
      phasedSmtp(log, async (phase) => {
        if (killAt === 'accepted' && phase === 'dot') {
          // Frozen before the 250 is written, the worker cannot record "accepted" before it is killed.
          first!.process.kill('SIGSTOP');
          await new Promise((resolve) => setTimeout(resolve, 50));
          return 'go';
        }
        if (killed || phase !== killAt) return 'go';
        killed = true;
        // At 'accepted' the 250 is in the frozen worker's socket buffer.
        first!.process.kill('SIGKILL');
        return 'stop';
      }),
    );
    servers.push(srv);
    const name = uniqueQueueName('crash');
    const producer = await MailOutbox.create({
      transport: createTransport({ host: '127.0.0.1', port: srv.port }),
      connection: redis.url,
      name,
      worker: false,
      ...FAST_QUEUE,
    });
    outboxes.push(producer);
    const { jobId } = await producer.enqueue({ from: 'app@example.test', to: 'ann@example.test', subject: `crash at ${killAt}`, text: killAt === 'body' ? LARGE_BODY : BODY });

    // Both processes load ahead of time; each takes jobs only once told to.
    first = startWorker(redis.url, name, srv.port);
    const second = startWorker(redis.url, name, srv.port);
    children.push(first, second);
    await Promise.all([first.waitFor('loaded'), second.waitFor('loaded')]);
    first.start();
    await waitUntil(() => killed, 30_000, `the worker to reach ${killAt}`);
    await first.exited;

    second.start();
    const settledBy = await second.waitFor(['completed', 'parked'], jobId);
    const status = await producer.getJob(jobId);
    return { log, state: status?.state, connections: srv.connectionCount(), settledBy };
  }

  test('killed at connect, before the greeting: the fresh worker sends it, delivered once', async () => {
    const outcome = await outcomes.get('connect')!;
    expect(outcome).toMatchObject({ settledBy: 'completed', state: 'completed', log: { complete: 1, accepted: 1 }, connections: 2 });
  }, 60_000);

  test('killed after MAIL FROM: sent again from scratch, delivered once', async () => {
    const outcome = await outcomes.get('mail')!;
    expect(outcome).toMatchObject({ settledBy: 'completed', state: 'completed', log: { complete: 1, accepted: 1 }, connections: 2 });
    expect(outcome.log.phases.filter((phase) => phase === 'mail')).toHaveLength(2);
  }, 60_000);

  test('killed mid-body, before the final dot: sent again, delivered once', async () => {
    const outcome = await outcomes.get('body')!;
    expect(outcome).toMatchObject({ settledBy: 'completed', state: 'completed', log: { complete: 1, accepted: 1 }, connections: 2 });
    expect(outcome.log.phases.filter((phase) => phase === 'body')).toHaveLength(2);
  }, 60_000);

  test('killed after the final dot, before the reply: parked as uncertain, never sent again', async () => {
    const outcome = await outcomes.get('dot')!;
    expect(outcome).toMatchObject({ settledBy: 'parked', state: 'parked', log: { complete: 1, accepted: 0 }, connections: 1 });
  }, 60_000);

  test('killed after the 250, before "accepted" was recorded: parked as uncertain, never sent again', async () => {
    const outcome = await outcomes.get('accepted')!;
    expect(outcome).toMatchObject({ settledBy: 'parked', state: 'parked', log: { complete: 1, accepted: 1 }, connections: 1 });
  }, 60_000);
});

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
