/**
 * Which process owns a TCP connection, from /proc (Linux): the connection's socket inode from /proc/net/tcp,
 * then the process whose fd table links to that inode. The crash run uses it to SIGKILL exactly the worker process
 * whose message the sink is holding, whichever side runs it, without help from the code under test.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';

/** Inodes of IPv4 and IPv6 sockets whose local port is `localPort` and remote port `remotePort`. */
async function socketInodes(localPort: number, remotePort: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    // No IPv6 table on a kernel without IPv6: nothing to find there.
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const local = parseInt(fields[1].split(':')[1], 16);
      const remote = parseInt(fields[2].split(':')[1], 16);
      if (local === localPort && remote === remotePort) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/**
 * The pid among `candidates` holding the client end of the connection from `clientPort` to `serverPort`.
 * @throws Error when none does (not Linux, or the connection is gone).
 */
export async function findSocketOwner(candidates: number[], clientPort: number, serverPort: number): Promise<number> {
  const inodes = await socketInodes(clientPort, serverPort);
  for (const pid of candidates) {
    // A process that exited meanwhile has no fd table left.
    const fds = await readdir(`/proc/${pid}/fd`).catch((): string[] => []);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return pid;
    }
  }
  throw new Error(`no process among ${candidates.join(', ')} owns the connection from port ${clientPort} to ${serverPort} (needs Linux /proc)`);
}
