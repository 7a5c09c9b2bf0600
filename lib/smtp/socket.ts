/** DNS, TCP and TLS: resolving the host, connecting to each address in turn, implicit TLS and STARTTLS upgrades. */
import type { LookupAddress, promises as dnsPromises } from 'node:dns';
import { isIP, Socket, connect as netConnect } from 'node:net';
import type { TLSSocket, ConnectionOptions as TlsOptions } from 'node:tls';
import { SmtpError, type SmtpPhase } from '../core/errors.js';
import type { LookupFunction } from './session-options.js';

/** Node error codes that mean "this address does not work; try the next one". */
const NEXT_ADDRESS_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT', 'EAFNOSUPPORT']);

/** Runs `work` with a deadline; `onTimeout` builds the error and may clean up. */
function withTimeout<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => SmtpError): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export interface ResolveOptions {
  dnsTimeoutMs: number;
  lookup?: LookupFunction;
}

/**
 * The addresses to try for `host`: an IP as is; otherwise A and AAAA records, falling back to `dns.lookup`
 * (for /etc/hosts names and machines without a DNS server); or the user's `lookup`, alone.
 * @throws SmtpError EDNS when nothing resolves within `dnsTimeoutMs`.
 */
export async function resolveHost(host: string, options: ResolveOptions): Promise<LookupAddress[]> {
  const family = isIP(host);
  if (family) return [{ address: host, family }];
  // node:dns loads with the first host name to resolve (an IP needs none).
  const dns = process.getBuiltinModule('node:dns');
  const resolver = new dns.promises.Resolver();
  const dnsLookup = dns.lookup;
  const work = options.lookup
    ? lookupAll(options.lookup, host)
    : resolveRecords(resolver, host).then((found) => (found.length > 0 ? found : lookupAll(dnsLookup as LookupFunction, host)));
  const addresses = await withTimeout(work, options.dnsTimeoutMs, () => {
    resolver.cancel();
    return new SmtpError('EDNS', `DNS lookup of ${host} timed out after ${options.dnsTimeoutMs} ms`, { phase: 'dns' });
  }).catch((err: unknown) => {
    if (err instanceof SmtpError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new SmtpError('EDNS', `DNS lookup of ${host} failed (${code})`, { phase: 'dns', cause: err });
  });
  if (addresses.length === 0) throw new SmtpError('EDNS', `${host} has no address`, { phase: 'dns' });
  return addresses;
}

async function resolveRecords(resolver: dnsPromises.Resolver, host: string): Promise<LookupAddress[]> {
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
  return [
    ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 })) : []),
    ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 })) : []),
  ];
}

function lookupAll(lookup: LookupFunction, host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    lookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(Array.isArray(addresses) ? addresses : [])));
  });
}

export interface ConnectOptions {
  host: string;
  port: number;
  addresses: LookupAddress[];
  localAddress?: string;
  timeoutMs: number;
}

/**
 * Connects to the first address that answers, trying the next on refusal, unreachability or timeout,
 * all within `timeoutMs`.
 * @throws SmtpError ECONNECTION (refused, unreachable) or ETIMEDOUT.
 */
export async function connectTcp(options: ConnectOptions): Promise<Socket> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: SmtpError | undefined;
  for (const [index, target] of options.addresses.entries()) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    // Share what is left between the addresses still to try, so one black hole cannot eat the whole budget.
    const budget = Math.max(1, Math.floor(remaining / (options.addresses.length - index)));
    try {
      return await connectOnce(target, options, budget);
    } catch (err) {
      lastError = err as SmtpError;
      const cause = (lastError.cause as NodeJS.ErrnoException | undefined)?.code;
      if (lastError.code !== 'ETIMEDOUT' && !(cause && NEXT_ADDRESS_CODES.has(cause))) throw lastError;
    }
  }
  throw lastError ?? new SmtpError('ETIMEDOUT', `connection to ${options.host}:${options.port} timed out`, { phase: 'connect' });
}

function connectOnce(target: LookupAddress, options: ConnectOptions, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: target.address, port: options.port, family: target.family, localAddress: options.localAddress });
    const where = `${options.host}:${options.port} (${target.address})`;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SmtpError('ETIMEDOUT', `connection to ${where} timed out after ${timeoutMs} ms`, { phase: 'connect' }));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new SmtpError('ECONNECTION', `connection to ${where} failed: ${err.code ?? err.message}`, { phase: 'connect', cause: err }));
    });
  });
}

export interface TlsUpgradeOptions {
  /** The name the certificate must match: `tls.servername` or the configured host, never the resolved IP. */
  host: string;
  tls?: TlsOptions;
  timeoutMs: number;
  phase: SmtpPhase;
}

/**
 * Runs a TLS handshake over an open socket (implicit TLS, STARTTLS, or a proxy tunnel).
 * @throws SmtpError ETLS when the handshake fails or the certificate is rejected; ETIMEDOUT on a stall.
 */
export function upgradeToTls(socket: Socket, options: TlsUpgradeOptions): Promise<TLSSocket> {
  const serverName = options.tls?.servername ?? options.host;
  return new Promise((resolve, reject) => {
    // node:tls loads with the first TLS connection: a plain loopback or relay session never pays for it.
    const secureSocket = process.getBuiltinModule('node:tls').connect({
      ...options.tls,
      socket,
      host: serverName,
      // SNI carries host names only (RFC 6066 §3).
      servername: isIP(serverName) ? undefined : serverName,
    });
    const timer = setTimeout(() => {
      secureSocket.destroy();
      reject(new SmtpError('ETIMEDOUT', `TLS handshake with ${options.host} timed out`, { phase: options.phase }));
    }, options.timeoutMs);
    secureSocket.once('secureConnect', () => {
      clearTimeout(timer);
      secureSocket.removeAllListeners('error');
      resolve(secureSocket);
    });
    secureSocket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      secureSocket.destroy();
      reject(new SmtpError('ETLS', `TLS with ${options.host} failed: ${err.message}`, { phase: options.phase, cause: err }));
    });
  });
}

/** Whether a connected socket's peer is a loopback address (127/8, ::1, or IPv4-mapped 127/8). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.replace(/^::ffff:/i, '');
  return bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}
