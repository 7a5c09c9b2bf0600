/** DNS, TCP and TLS: resolving the host, connecting to each address in turn, implicit TLS and STARTTLS upgrades. */
import { promises as dnsPromises, lookup as dnsLookup } from 'node:dns';
import { isIP, connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { SmtpError } from '../core/errors.js';
/** Node error codes that mean "this address does not work; try the next one". */
const NEXT_ADDRESS_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT', 'EAFNOSUPPORT']);
/** Runs `work` with a deadline; `onTimeout` builds the error and may clean up. */
function withTimeout(work, timeoutMs, onTimeout) {
    let timer;
    const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => reject(onTimeout()), timeoutMs);
    });
    return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
/**
 * The addresses to try for `host`: an IP as is; otherwise A and AAAA records, falling back to `dns.lookup`
 * (for /etc/hosts names and machines without a DNS server); or the user's `lookup`, alone.
 * @throws SmtpError EDNS when nothing resolves within `dnsTimeoutMs`.
 */
export async function resolveHost(host, options) {
    const family = isIP(host);
    if (family)
        return [{ address: host, family }];
    const resolver = new dnsPromises.Resolver();
    const work = options.lookup
        ? lookupAll(options.lookup, host)
        : resolveRecords(resolver, host).then((found) => (found.length > 0 ? found : lookupAll(dnsLookup, host)));
    const addresses = await withTimeout(work, options.dnsTimeoutMs, () => {
        resolver.cancel();
        return new SmtpError('EDNS', `DNS lookup of ${host} timed out after ${options.dnsTimeoutMs} ms`, { phase: 'dns' });
    }).catch((err) => {
        if (err instanceof SmtpError)
            throw err;
        const code = err.code ?? 'unknown error';
        throw new SmtpError('EDNS', `DNS lookup of ${host} failed (${code})`, { phase: 'dns', cause: err });
    });
    if (addresses.length === 0)
        throw new SmtpError('EDNS', `${host} has no address`, { phase: 'dns' });
    return addresses;
}
async function resolveRecords(resolver, host) {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    return [
        ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 })) : []),
        ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 })) : []),
    ];
}
function lookupAll(lookup, host) {
    return new Promise((resolve, reject) => {
        lookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(Array.isArray(addresses) ? addresses : [])));
    });
}
/**
 * Connects to the first address that answers, trying the next on refusal, unreachability or timeout,
 * all within `timeoutMs`.
 * @throws SmtpError ECONNECTION (refused, unreachable) or ETIMEDOUT.
 */
export async function connectTcp(options) {
    const deadline = Date.now() + options.timeoutMs;
    let lastError;
    for (const [index, target] of options.addresses.entries()) {
        const remaining = deadline - Date.now();
        if (remaining <= 0)
            break;
        // Share what is left between the addresses still to try, so one black hole cannot eat the whole budget.
        const budget = Math.max(1, Math.floor(remaining / (options.addresses.length - index)));
        try {
            return await connectOnce(target, options, budget);
        }
        catch (err) {
            lastError = err;
            const cause = lastError.cause?.code;
            if (lastError.code !== 'ETIMEDOUT' && !(cause && NEXT_ADDRESS_CODES.has(cause)))
                throw lastError;
        }
    }
    throw lastError ?? new SmtpError('ETIMEDOUT', `connection to ${options.host}:${options.port} timed out`, { phase: 'connect' });
}
function connectOnce(target, options, timeoutMs) {
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
        socket.once('error', (err) => {
            clearTimeout(timer);
            socket.destroy();
            reject(new SmtpError('ECONNECTION', `connection to ${where} failed: ${err.code ?? err.message}`, { phase: 'connect', cause: err }));
        });
    });
}
/**
 * Runs a TLS handshake over an open socket (implicit TLS, STARTTLS, or a proxy tunnel).
 * @throws SmtpError ETLS when the handshake fails or the certificate is rejected; ETIMEDOUT on a stall.
 */
export function upgradeToTls(socket, options) {
    const serverName = options.tls?.servername ?? options.host;
    return new Promise((resolve, reject) => {
        const secureSocket = tlsConnect({
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
        secureSocket.once('error', (err) => {
            clearTimeout(timer);
            secureSocket.destroy();
            reject(new SmtpError('ETLS', `TLS with ${options.host} failed: ${err.message}`, { phase: options.phase, cause: err }));
        });
    });
}
/** Whether a connected socket's peer is a loopback address (127/8, ::1, or IPv4-mapped 127/8). */
export function isLoopbackAddress(address) {
    if (!address)
        return false;
    const bare = address.replace(/^::ffff:/i, '');
    return bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}
//# sourceMappingURL=socket.js.map