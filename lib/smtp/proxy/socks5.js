/** SOCKS5 CONNECT handshake (RFC 1928) with no-auth or username/password (RFC 1929). */
import { isIP } from 'node:net';
import { ipv4ToBytes, ipv6ToBytes } from './ip-bytes.js';
import { proxyError, quoteAnswer } from './proxy-errors.js';
const SOCKS5_VERSION = 0x05;
const METHOD_NO_AUTH = 0x00;
const METHOD_USER_PASS = 0x02;
const METHOD_NONE_ACCEPTABLE = 0xff;
const USER_PASS_VERSION = 0x01;
const CMD_CONNECT = 0x01;
const ATYP_IPV4 = 0x01;
const ATYP_DOMAIN = 0x03;
const ATYP_IPV6 = 0x04;
/** RFC 1928 §6 reply field meanings. */
const REPLY_MEANINGS = {
    0x01: 'general SOCKS server failure',
    0x02: 'connection not allowed by ruleset',
    0x03: 'network unreachable',
    0x04: 'host unreachable',
    0x05: 'connection refused',
    0x06: 'TTL expired',
    0x07: 'command not supported',
    0x08: 'address type not supported',
};
function hex(byte) {
    return `0x${(byte ?? 0).toString(16).padStart(2, '0')}`;
}
function hasCredentials(proxy) {
    return proxy.user !== undefined || proxy.pass !== undefined;
}
/** RFC 1928 §3: offer no-auth, and username/password when the URL has credentials; run what the proxy picks. */
async function negotiateMethod(socket, reader, proxy) {
    const methods = hasCredentials(proxy) ? [METHOD_NO_AUTH, METHOD_USER_PASS] : [METHOD_NO_AUTH];
    socket.write(Buffer.from([SOCKS5_VERSION, methods.length, ...methods]));
    const reply = await reader.readExactly(2);
    if (reply[0] !== SOCKS5_VERSION)
        throw proxyError(proxy, `answered with something other than SOCKS5: "${quoteAnswer(reply)}"`);
    const method = reply[1];
    if (method === METHOD_NO_AUTH)
        return;
    if (method === METHOD_NONE_ACCEPTABLE) {
        const hint = hasCredentials(proxy) ? '' : ' (add user:pass@ to the proxy URL if it needs a password)';
        throw proxyError(proxy, `accepts none of the offered authentication methods${hint}`);
    }
    if (method === METHOD_USER_PASS && hasCredentials(proxy))
        return authenticate(socket, reader, proxy);
    throw proxyError(proxy, `chose authentication method ${hex(method)}, which was not offered`);
}
/** RFC 1929 §2: VER ULEN UNAME PLEN PASSWD; lengths were checked when the URL was parsed. */
async function authenticate(socket, reader, proxy) {
    const user = Buffer.from(proxy.user ?? '');
    const pass = Buffer.from(proxy.pass ?? '');
    socket.write(Buffer.concat([Buffer.from([USER_PASS_VERSION, user.length]), user, Buffer.from([pass.length]), pass]));
    const reply = await reader.readExactly(2);
    // Some servers answer this sub-negotiation with version 5 instead of 1.
    if (reply[0] !== USER_PASS_VERSION && reply[0] !== SOCKS5_VERSION) {
        throw proxyError(proxy, `answered the username/password exchange with garbage: "${quoteAnswer(reply)}"`);
    }
    if (reply[1] !== 0x00)
        throw proxyError(proxy, `rejected the user name and password (status ${hex(reply[1])})`);
}
/** RFC 1928 §5: names go to the proxy as DOMAINNAME, IP literals as themselves. */
function encodeAddress(host) {
    switch (isIP(host)) {
        case 4:
            return Buffer.concat([Buffer.from([ATYP_IPV4]), ipv4ToBytes(host)]);
        case 6:
            return Buffer.concat([Buffer.from([ATYP_IPV6]), ipv6ToBytes(host)]);
        default: {
            const name = Buffer.from(host);
            return Buffer.concat([Buffer.from([ATYP_DOMAIN, name.length]), name]);
        }
    }
}
/** Reads the rest of the reply (BND.ADDR and BND.PORT), whose length depends on its address type. */
async function readBoundAddress(reader, proxy, addressType) {
    if (addressType === ATYP_IPV4)
        await reader.readExactly(4 + 2);
    else if (addressType === ATYP_IPV6)
        await reader.readExactly(16 + 2);
    else if (addressType === ATYP_DOMAIN) {
        const [length = 0] = await reader.readExactly(1);
        await reader.readExactly(length + 2);
    }
    else
        throw proxyError(proxy, `answered CONNECT with an unknown address type ${hex(addressType)}`);
}
/**
 * Runs the SOCKS5 handshake for a CONNECT to `target`.
 *
 * @throws SmtpError `EPROXY` on a refused method or password, a non-zero reply (its RFC 1928 meaning
 *   is quoted) or garbage.
 */
export async function socks5Handshake(socket, reader, proxy, target) {
    await negotiateMethod(socket, reader, proxy);
    const port = Buffer.alloc(2);
    port.writeUInt16BE(target.port);
    socket.write(Buffer.concat([Buffer.from([SOCKS5_VERSION, CMD_CONNECT, 0x00]), encodeAddress(target.host), port]));
    const head = await reader.readExactly(4);
    if (head[0] !== SOCKS5_VERSION)
        throw proxyError(proxy, `answered CONNECT with something other than SOCKS5: "${quoteAnswer(head)}"`);
    const code = head[1];
    if (code !== 0x00) {
        const meaning = REPLY_MEANINGS[code ?? 0] ?? 'unknown reply code';
        throw proxyError(proxy, `refused the connection to ${target.host}:${target.port}: ${meaning} (${hex(code)})`);
    }
    await readBoundAddress(reader, proxy, head[3]);
}
//# sourceMappingURL=socks5.js.map