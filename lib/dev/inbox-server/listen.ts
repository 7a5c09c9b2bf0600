/** Starts a server listening on host:port and turns a bind failure into an SmtpError that says which address and why. */
import type { AddressInfo, Server } from 'node:net';
import { SmtpError } from '../../core/errors.js';

/** Why a bind fails, in words a developer acts on; other codes show as they are. */
const BIND_FAILURES: Record<string, string> = {
  EADDRINUSE: 'the port is in use (another server, or a second copy of this one)',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'the address is not one of this machine',
};

/**
 * Listens and resolves the bound port (the real one when `port` is 0).
 * @param what names the server in the error (`the dev SMTP server`)
 * @param option the option that picks the port, named in the error so the user knows what to change
 * @throws SmtpError ECONFIG when the address cannot be bound.
 */
export async function listen(server: Server, host: string, port: number, what: string, option: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const reason = BIND_FAILURES[err.code ?? ''] ?? err.message;
      reject(new SmtpError('ECONFIG', `${what} cannot listen on ${formatHost(host)}:${port}: ${reason}; choose another ${option}`, { cause: err }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** `::1` in a URL is `[::1]` (RFC 3986 §3.2.2). */
export function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * A port option: an integer from 0 to 65535, where 0 picks a free port.
 * @throws SmtpError ECONFIG naming the option.
 */
export function checkPort(value: number, option: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new SmtpError('ECONFIG', `invalid option ${option}: expected a TCP port from 0 to 65535 (0 picks a free one), got ${String(value)}`);
  }
  return value;
}
