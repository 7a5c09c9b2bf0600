/**
 * A private Postfix for tests: its own config, queue, log and Maildir delivery under a temp dir, four smtpd
 * listeners on free loopback ports, and Dovecot serving SASL (PLAIN, LOGIN, CRAM-MD5) for them.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { serviceGate, type ServiceGate } from './required-service.js';
import { dovecotConf, mailboxMap, mainCf, masterCf, TEST_DOMAIN, type PostfixPorts } from './postfix-config.js';
import { parseSmtpdSessions, type SmtpdSession } from './postfix-log.js';
import { makeLayout, postfixUnavailable, startDovecot, startMaster, stopDovecot, stopMaster } from './postfix-process.js';

export { SMALL_SIZE_LIMIT, TEST_DOMAIN, type PostfixPorts } from './postfix-config.js';
export type { SmtpdSession } from './postfix-log.js';
export { postfixUnavailable } from './postfix-process.js';

/** The SASL account Dovecot knows. */
export const SASL_USER = 'tester';
export const SASL_PASS = 'pfx-secret-9';
const START_TIMEOUT_MS = 20_000;
/** The syslog_name suffixes of the listeners in master.cf. */
const LISTENERS = ['submission', 'smtps', 'nochunking', 'smallsize'];
const POLL_MS = 50;

/** One message as virtual(8) wrote it into a Maildir `new/` folder (LF line ends, Postfix's trace headers on top). */
export interface DeliveredMessage {
  file: string;
  raw: Buffer;
}

/** A running private Postfix. */
export interface PostfixMta {
  host: '127.0.0.1';
  ports: PostfixPorts;
  /** The test CA (the fixture certificate) to trust with `tls: { ca }`; it names localhost and 127.0.0.1. */
  ca: string;
  /** `local@TEST_DOMAIN` for a mailbox given at start. */
  address(localPart: string): string;
  /** The folder holding every mailbox's Maildir. */
  maildirRoot: string;
  /** The Maildir folder of a mailbox given at start. */
  maildir(localPart: string): string;
  /** The messages delivered to a mailbox so far. */
  messages(localPart: string): Promise<DeliveredMessage[]>;
  /** Waits until a mailbox holds at least `count` messages and returns them all; rejects past the deadline. */
  waitForMessages(localPart: string, count: number, timeoutMs?: number): Promise<DeliveredMessage[]>;
  /** The log's current length in bytes: pass it to `log` or `sessions` to see only what came after. */
  logMark(): number;
  log(since?: number): string;
  /**
   * Waits until sessions of a listener that ended after `since` number `done` (default 1), or satisfy it
   * when it is a function, and returns them (commands and replies).
   */
  sessions(listener: string, since: number, done?: number | ((ended: SmtpdSession[]) => boolean), timeoutMs?: number): Promise<SmtpdSession[]>;
  /** Stops Postfix, then Dovecot (by PID), and removes the temp dir. */
  stop(): Promise<void>;
}

/** The gate of a spec needing Postfix: under CI=true its tests run, so a missing Postfix fails them. */
export function postfixGate(file: string): ServiceGate {
  const reason = postfixUnavailable();
  return serviceGate(file, reason && `no private Postfix possible here: ${reason}`);
}

/** Free loopback ports, all held open together so no two are the same. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, async () => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return server;
  }));
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

async function until<T>(what: string, deadline: number, probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(POLL_MS);
  }
}

function accepts(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(undefined));
  });
}

/** Mailbox folder names: the local part when it is plain ASCII, else a numbered name. */
function mailboxDirs(localParts: string[]): Map<string, string> {
  return new Map(localParts.map((localPart, index) => {
    if (localPart !== localPart.toLowerCase()) throw new Error(`mailbox ${localPart}: use lower case (Postfix folds lookups)`);
    return [localPart, /^[a-z0-9._-]+$/.test(localPart) ? localPart : `mailbox-${index}`];
  }));
}

/**
 * Starts Postfix and Dovecot with mailboxes `localPart@TEST_DOMAIN` for each local part given; any other
 * recipient in the domain is refused at RCPT with 550 5.1.1. Takes a few seconds.
 * @throws Error when Postfix cannot run here (see `postfixUnavailable`) or does not come up in time.
 */
export async function startPostfix(options: { mailboxes: string[] }): Promise<PostfixMta> {
  const unavailable = postfixUnavailable();
  if (unavailable) throw new Error(`cannot start a private Postfix: ${unavailable}`);
  const root = await mkdtemp(join(tmpdir(), 'pfx-'));
  const layout = await makeLayout(root);
  const dirs = mailboxDirs(options.mailboxes);
  const [submission, smtps, noChunking, smallSize] = await freePorts(4);
  const ports: PostfixPorts = { submission: submission!, smtps: smtps!, noChunking: noChunking!, smallSize: smallSize! };
  const dovecotRoot = join(root, 'dovecot');
  await writeFile(join(layout.configDir, 'main.cf'), mainCf(layout));
  await writeFile(join(layout.configDir, 'master.cf'), masterCf(ports));
  await writeFile(layout.mailboxMap, mailboxMap(dirs));
  await writeFile(join(dovecotRoot, 'users'), `${SASL_USER}:{PLAIN}${SASL_PASS}\n`);
  await writeFile(join(dovecotRoot, 'dovecot.conf'), dovecotConf({
    root: dovecotRoot, passwdFile: join(dovecotRoot, 'users'), saslSocket: layout.saslSocket, logFile: join(dovecotRoot, 'dovecot.log'),
  }));

  let dovecot: ReturnType<typeof startDovecot> | undefined;
  let masterPid: number | undefined;
  const stop = async (): Promise<void> => {
    if (masterPid !== undefined) await stopMaster(masterPid);
    if (dovecot) await stopDovecot(dovecot.child);
    await rm(root, { recursive: true, force: true, maxRetries: 5 });
  };

  try {
    const master = startMaster(layout);
    dovecot = startDovecot(join(dovecotRoot, 'dovecot.conf'));
    masterPid = await master;
    const deadline = Date.now() + START_TIMEOUT_MS;
    await Promise.race([
      dovecot.exited,
      Promise.all([
        until('the Dovecot auth socket', deadline, () => stat(layout.saslSocket).then(() => true, () => undefined)),
        ...Object.values(ports).map((port) => until(`Postfix on port ${port}`, deadline, () => accepts(port))),
      ]),
    ]);
    // Each probe above is an smtpd session too; once all are in the log, a later mark sees none of them.
    await until('the probe sessions in the log', deadline, async () => {
      const log = await readFile(layout.logFile, 'utf8').catch(() => '');
      return LISTENERS.every((listener) => parseSmtpdSessions(log, listener).some((session) => session.summary !== undefined)) ? true : undefined;
    });
  } catch (error) {
    const log = await readFile(layout.logFile, 'utf8').catch(() => '(no log)');
    await stop();
    throw new Error(`private Postfix did not start: ${(error as Error).message}\n${log.split('\n').slice(-20).join('\n')}`, { cause: error });
  }

  const maildir = (localPart: string): string => {
    const dir = dirs.get(localPart);
    if (!dir) throw new Error(`no mailbox ${localPart} (known: ${[...dirs.keys()].join(', ')})`);
    return join(layout.maildirBase, dir);
  };
  const messages = async (localPart: string): Promise<DeliveredMessage[]> => {
    const folder = join(maildir(localPart), 'new');
    const names = await readdir(folder).catch(() => [] as string[]);
    return Promise.all(names.sort().map(async (name) => ({ file: join(folder, name), raw: await readFile(join(folder, name)) })));
  };
  const logBytes = (): Buffer => {
    try {
      return readFileSync(layout.logFile);
    } catch {
      return Buffer.alloc(0);
    }
  };
  const log = (since = 0): string => logBytes().subarray(since).toString('utf8');

  return {
    host: '127.0.0.1',
    ports,
    ca: readFileSync(layout.cert, 'utf8'),
    maildirRoot: layout.maildirBase,
    address(localPart) {
      maildir(localPart);
      return `${localPart}@${TEST_DOMAIN}`;
    },
    maildir,
    messages,
    async waitForMessages(localPart, count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let found = 0;
      try {
        return await until(`${count} messages`, deadline, async () => {
          const names = await readdir(join(maildir(localPart), 'new')).catch(() => [] as string[]);
          found = names.length;
          return found >= count ? messages(localPart) : undefined;
        });
      } catch {
        throw new Error(`mailbox ${localPart}: ${found} of ${count} messages delivered after ${timeoutMs} ms`);
      }
    },
    logMark: () => logBytes().length,
    log,
    async sessions(listener, since, done = 1, timeoutMs = 10_000) {
      const isDone = typeof done === 'number' ? (ended: SmtpdSession[]) => ended.length >= done : done;
      let ended: SmtpdSession[] = [];
      try {
        return await until(`${listener} sessions`, Date.now() + timeoutMs, async () => {
          ended = parseSmtpdSessions(log(since), listener).filter((session) => session.summary !== undefined);
          return isDone(ended) ? ended : undefined;
        });
      } catch {
        throw new Error(`listener ${listener}: ${ended.length} sessions ended in the log after ${timeoutMs} ms, not what was awaited`);
      }
    },
    stop,
  };
}

/**
 * Splits a delivered message into the trace header fields Postfix put on top (Return-Path, X-Original-To,
 * Delivered-To, Received, with their folded lines) and the message as the client sent it (LF line ends).
 */
export function splitTraceHeaders(raw: Buffer): { trace: string; message: Buffer } {
  const trace = /^(?:(?:Return-Path|X-Original-To|Delivered-To|Received):[^\n]*\n(?:[ \t][^\n]*\n)*)*/i.exec(raw.toString('latin1'))![0];
  return { trace, message: raw.subarray(trace.length) };
}
