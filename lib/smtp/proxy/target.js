/** The host and port a proxy is asked to reach, and the checks on them before any byte is written. */
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { SmtpError } from '../../core/errors.js';
/** SOCKS5 DOMAINNAME is length-prefixed with one octet (RFC 1928 §5). */
export const MAX_SOCKS_DOMAIN_BYTES = 255;
/**
 * Checks the target and returns it as sent to the proxy: an internationalised name in its ASCII
 * (punycode) form. Refuses what could break the handshake framing: control characters or spaces (an
 * HTTP request line), NUL (a SOCKS4a string), a name over 255 bytes (SOCKS5), a port outside 1-65535.
 *
 * @throws SmtpError `ECONFIG`
 */
export function normalizeProxyTarget(target) {
    const { port } = target;
    let host = target.host;
    if (typeof host !== 'string' || host === '' || /[\x00-\x20\x7f]/.test(host)) {
        throw new SmtpError('ECONFIG', 'the SMTP host to reach through the proxy is empty or contains spaces or control characters', { phase: 'connect' });
    }
    if (/[^\x00-\x7f]/.test(host))
        host = domainToASCII(host);
    if (host === '')
        throw new SmtpError('ECONFIG', 'the SMTP host is not a valid internationalised domain name', { phase: 'connect' });
    if (isIP(host) === 0 && Buffer.byteLength(host) > MAX_SOCKS_DOMAIN_BYTES) {
        throw new SmtpError('ECONFIG', `the SMTP host name is longer than ${MAX_SOCKS_DOMAIN_BYTES} bytes`, { phase: 'connect' });
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new SmtpError('ECONFIG', `the SMTP port ${String(port)} is not in 1-65535`, { phase: 'connect' });
    }
    return { host, port };
}
//# sourceMappingURL=target.js.map