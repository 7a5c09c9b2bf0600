/** The processes of a private Postfix: binaries and accounts it needs, its directory tree, its master daemon, Dovecot. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, readFileSync } from 'node:fs';
import { chmod, chown, copyFile, mkdir, readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { PostfixLayout } from './postfix-config.js';

const run = promisify(execFile);
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const STOP_TIMEOUT_MS = 5000;

export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** uid and gid of an account, from /etc/passwd. */
function account(name: string): { uid: number; gid: number } | undefined {
  const fields = readFileSync('/etc/passwd', 'utf8').split('\n').find((line) => line.startsWith(`${name}:`))?.split(':');
  return fields && fields.length > 3 ? { uid: Number(fields[2]), gid: Number(fields[3]) } : undefined;
}

function groupId(name: string): number | undefined {
  const fields = readFileSync('/etc/group', 'utf8').split('\n').find((line) => line.startsWith(`${name}:`))?.split(':');
  return fields && fields.length > 2 ? Number(fields[2]) : undefined;
}

/** Why a private Postfix cannot run here (missing binaries, not root), or undefined when it can. */
export function postfixUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `Postfix tests run on Linux only (this is ${process.platform})`;
  const missing = ['postconf', 'dovecot'].filter((name) => !findBinary(name));
  if (missing.length) return `missing ${missing.join(', ')} (install the Debian packages postfix and dovecot-core)`;
  if (process.getuid?.() !== 0) return 'Postfix must be started as root (its master runs as root and drops to the postfix user)';
  try {
    if (!account('postfix')) return 'no postfix user (it comes with the postfix package)';
  } catch {
    return 'cannot read /etc/passwd';
  }
  return undefined;
}

/**
 * Makes the directory tree under `root`: config, queue (owners and modes as Postfix's postfix-files lists
 * them, so that no `postfix check` pass is needed at start), data, Maildir base, TLS files, Dovecot.
 */
export async function makeLayout(root: string): Promise<PostfixLayout> {
  const postfix = account('postfix')!;
  const postdrop = groupId('postdrop') ?? postfix.gid;
  // Delivering as root is refused by virtual(8) (virtual_minimum_uid); nobody owns the mail instead.
  const delivery = account('nobody') ?? { uid: 65534, gid: 65534 };
  const layout: PostfixLayout = {
    root,
    configDir: join(root, 'etc'),
    queueDir: join(root, 'queue'),
    dataDir: join(root, 'data'),
    maildirBase: join(root, 'mail'),
    mailboxMap: join(root, 'etc', 'mailboxes'),
    logFile: join(root, 'maillog'),
    cert: join(root, 'tls', 'cert.pem'),
    key: join(root, 'tls', 'key.pem'),
    saslSocket: join(root, 'dovecot', 'auth'),
    deliveryUid: delivery.uid,
    deliveryGid: delivery.gid,
  };
  // Postfix processes run as the postfix user and must reach the queue through every parent directory.
  await chmod(root, 0o755);
  const dirs: Array<[string, number, number, number]> = [
    [layout.configDir, 0, 0, 0o755],
    [layout.queueDir, 0, 0, 0o755],
    [join(layout.queueDir, 'pid'), 0, 0, 0o755],
    ...['active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'private', 'saved', 'trace']
      .map((name): [string, number, number, number] => [join(layout.queueDir, name), postfix.uid, 0, 0o700]),
    [join(layout.queueDir, 'maildrop'), postfix.uid, postdrop, 0o730],
    [join(layout.queueDir, 'public'), postfix.uid, postdrop, 0o710],
    [layout.dataDir, postfix.uid, postfix.gid, 0o700],
    [layout.maildirBase, delivery.uid, delivery.gid, 0o755],
    [join(root, 'tls'), 0, 0, 0o755],
    [join(root, 'dovecot'), 0, 0, 0o755],
  ];
  for (const [dir, uid, gid, mode] of dirs) {
    await mkdir(dir);
    await chown(dir, uid, gid);
    await chmod(dir, mode);
  }
  await copyFile(fixture('localhost.cert.pem'), layout.cert);
  await copyFile(fixture('localhost.key.pem'), layout.key);
  await chmod(layout.key, 0o600);
  return layout;
}

/**
 * Starts the master daemon directly (`master -w` returns once it initialised), not through
 * `postfix start`, whose integrity checks run postconf a dozen times: seconds on a busy machine.
 * @returns the master's PID.
 */
export async function startMaster(layout: PostfixLayout): Promise<number> {
  const { stdout } = await run(findBinary('postconf')!, ['-c', layout.configDir, '-h', 'daemon_directory']);
  await run(join(stdout.trim(), 'master'), ['-c', layout.configDir, '-w'], { timeout: 20_000 });
  return Number((await readFile(join(layout.queueDir, 'pid', 'master.pid'), 'utf8')).trim());
}

/** Alive and not a zombie (a daemon's parent may be a PID 1 that never reaps). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** SIGTERM to the master, which passes it to its process group; SIGKILL to the group if it lingers. */
export async function stopMaster(pid: number): Promise<void> {
  if (!isRunning(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isRunning(pid) && Date.now() < deadline) await delay(20);
  if (isRunning(pid)) process.kill(-pid, 'SIGKILL');
}

/** Dovecot in the foreground, so that it is our child and its PID is the one to stop. */
export function startDovecot(configFile: string): { child: ChildProcess; exited: Promise<never> } {
  const child = spawn(findBinary('dovecot')!, ['-F', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = once(child, 'exit').then(([code]): never => {
    throw new Error(`dovecot exited (${String(code)}): ${stderr.trim()}`);
  });
  exited.catch(() => undefined);
  return { child, exited };
}

export async function stopDovecot(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
