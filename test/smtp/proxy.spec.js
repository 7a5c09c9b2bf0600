import { afterEach, describe, expect, it } from '@jest/globals';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { connectThroughProxy, validateProxyUrl } from '../../lib/smtp/proxy/connect.js';
import { ipv6ToBytes } from '../../lib/smtp/proxy/ip-bytes.js';
import { SmtpError } from '../../lib/core/errors.js';
import { startHttpProxy, startSocks4Proxy, startSocks5Proxy } from '../helpers/proxy-servers.js';
import { FIXTURE_CERT, FIXTURE_KEY, startSmtpServer } from '../helpers/smtp-server.js';
const PASSWORD = 'S3cr3t:pa55/w@rd';
const ENCODED_PASSWORD = encodeURIComponent(PASSWORD);
const AUTH = { user: 'alice', pass: PASSWORD };
const closers = [];
afterEach(async () => {
    while (closers.length > 0)
        await closers.pop()?.();
});
async function smtp(mode = 'plain') {
    const server = await startSmtpServer({ mode });
    closers.push(() => server.close());
    return server;
}
async function proxyFor(scheme, options = {}) {
    const start = scheme === 'http' || scheme === 'https' ? startHttpProxy : scheme === 'socks5' ? startSocks5Proxy : startSocks4Proxy;
    const proxy = await start(scheme === 'https' ? { ...options, tls: { key: FIXTURE_KEY, cert: FIXTURE_CERT } } : options);
    closers.push(() => proxy.close());
    return proxy;
}
function proxyUrl(scheme, port, withAuth) {
    if (!withAuth)
        return `${scheme}://127.0.0.1:${port}`;
    const credentials = scheme === 'socks4' || scheme === 'socks4a' ? AUTH.user : `${AUTH.user}:${ENCODED_PASSWORD}`;
    // The https proxy's certificate names localhost, so that one is reached by name.
    return `${scheme}://${credentials}@${scheme === 'https' ? 'localhost' : '127.0.0.1'}:${port}`;
}
const baseOptions = { timeoutMs: 2000, tls: { ca: FIXTURE_CERT } };
async function tunnel(url, port, host = 'localhost', options = baseOptions) {
    const socket = await connectThroughProxy(url, { host, port }, options);
    closers.push(() => void socket.destroy());
    return socket;
}
/** Reads one whole SMTP reply through 'data' events (so it also proves the socket flows for a new owner). */
function readReply(socket) {
    return new Promise((resolve, reject) => {
        let text = '';
        const onData = (chunk) => {
            text += chunk.toString('latin1');
            if (/(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(text)) {
                socket.off('data', onData);
                socket.pause();
                resolve(text);
            }
        };
        socket.on('data', onData);
        socket.once('error', reject);
        socket.resume();
    });
}
async function upgrade(socket) {
    const secure = tls.connect({ socket, servername: 'localhost', ca: FIXTURE_CERT });
    closers.push(() => void secure.destroy());
    await new Promise((resolve, reject) => {
        secure.once('secureConnect', resolve);
        secure.once('error', reject);
    });
    return secure;
}
async function expectProxyFailure(promise, code) {
    const err = await promise.then(() => undefined, (e) => e);
    expect(err).toBeInstanceOf(SmtpError);
    expect(err.code).toBe(code);
    expect(err.phase).toBe(code === 'EDNS' ? 'dns' : 'connect');
    const text = `${err.message} ${String(err.response ?? '')}`;
    for (const secret of [PASSWORD, ENCODED_PASSWORD, Buffer.from(`${AUTH.user}:${PASSWORD}`).toString('base64')]) {
        expect(text).not.toContain(secret);
    }
    return err;
}
const SCHEMES = ['http', 'https', 'socks4', 'socks4a', 'socks5'];
describe('proxy', () => {
    describe.each(SCHEMES)('%s://', (scheme) => {
        it.each([false, true])('reads the SMTP greeting through the tunnel (proxy auth: %s)', async (withAuth) => {
            const server = await smtp();
            const proxy = await proxyFor(scheme, withAuth ? { auth: AUTH } : {});
            const socket = await tunnel(proxyUrl(scheme, proxy.port, withAuth), server.port);
            expect(await readReply(socket)).toMatch(/^220 /);
            expect(proxy.requests).toHaveLength(1);
            expect(proxy.requests[0]?.port).toBe(server.port);
            if (withAuth)
                expect(proxy.requests[0]?.user).toBe(AUTH.user);
            if (withAuth && scheme !== 'socks4' && scheme !== 'socks4a')
                expect(proxy.requests[0]?.pass).toBe(PASSWORD);
        });
        it('runs implicit TLS through the tunnel, verifying the SMTP host', async () => {
            const server = await smtp('tls');
            const proxy = await proxyFor(scheme, { auth: AUTH });
            const socket = await tunnel(proxyUrl(scheme, proxy.port, true), server.port);
            const secure = await upgrade(socket);
            expect(secure.authorized).toBe(true);
            expect(await readReply(secure)).toMatch(/^220 /);
        });
        it('runs STARTTLS through the tunnel', async () => {
            const server = await smtp('starttls');
            const proxy = await proxyFor(scheme);
            const socket = await tunnel(proxyUrl(scheme, proxy.port, false), server.port);
            expect(await readReply(socket)).toMatch(/^220 /);
            socket.write('EHLO client.test\r\n');
            expect(await readReply(socket)).toContain('STARTTLS');
            socket.write('STARTTLS\r\n');
            expect(await readReply(socket)).toMatch(/^220 /);
            const secure = await upgrade(socket);
            secure.write('EHLO client.test\r\n');
            expect(await readReply(secure)).toMatch(/^250[ -]/);
        });
        it('keeps the greeting when it arrives in the same packet as the proxy reply', async () => {
            const server = await smtp();
            const proxy = await proxyFor(scheme, { coalesce: true });
            const socket = await tunnel(proxyUrl(scheme, proxy.port, false), server.port);
            expect(await readReply(socket)).toMatch(/^220 /);
        });
        it('is EPROXY with the answer quoted when the proxy refuses', async () => {
            const server = await smtp();
            const proxy = await proxyFor(scheme, { mode: 'refuse' });
            const err = await expectProxyFailure(connectThroughProxy(proxyUrl(scheme, proxy.port, true), { host: 'localhost', port: server.port }, baseOptions), 'EPROXY');
            const answer = { http: '403 Forbidden', https: '403 Forbidden', socks4: 'rejected or failed (0x5b)', socks4a: 'rejected or failed (0x5b)', socks5: 'not allowed by ruleset (0x02)' };
            expect(err.message).toContain(answer[scheme]);
        });
        it('is EPROXY with the answer quoted when the proxy answers garbage', async () => {
            const proxy = await proxyFor(scheme, { mode: 'garbage' });
            const err = await expectProxyFailure(connectThroughProxy(proxyUrl(scheme, proxy.port, true), { host: 'localhost', port: 25 }, baseOptions), 'EPROXY');
            expect(err.message).toMatch(scheme.startsWith('http') ? /SSH-2\.0-OpenSSH_9\.6\\x0d\\x0a\\x00/ : /something other than (a )?SOCKS/);
        });
        it('is ETIMEDOUT within the timeout when the proxy stalls', async () => {
            const proxy = await proxyFor(scheme, { mode: 'stall' });
            const started = Date.now();
            const err = await expectProxyFailure(connectThroughProxy(proxyUrl(scheme, proxy.port, true), { host: 'localhost', port: 25 }, { ...baseOptions, timeoutMs: 200 }), 'ETIMEDOUT');
            expect(Date.now() - started).toBeLessThan(1500);
            expect(err.message).toContain('200 ms');
        });
    });
    describe('proxy authentication', () => {
        it('is EPROXY 407 without the password when the HTTP proxy refuses the credentials', async () => {
            const proxy = await proxyFor('http', { auth: { user: 'alice', pass: 'other' }, echoCredentialsInRefusal: true });
            const err = await expectProxyFailure(connectThroughProxy(proxyUrl('http', proxy.port, true), { host: 'localhost', port: 25 }, baseOptions), 'EPROXY');
            expect(err.message).toContain('407 Proxy Authentication Required');
            expect(err.message).toContain('[redacted]');
            expect(err.message).toContain('check the proxy user and password');
        });
        it('is EPROXY asking for credentials when the HTTP proxy wants some and the URL has none', async () => {
            const proxy = await proxyFor('http', { auth: AUTH });
            const err = await expectProxyFailure(connectThroughProxy(proxyUrl('http', proxy.port, false), { host: 'localhost', port: 25 }, baseOptions), 'EPROXY');
            expect(err.message).toContain('add user:pass@');
        });
        it('is EPROXY without the password when the SOCKS5 proxy rejects the credentials', async () => {
            const proxy = await proxyFor('socks5', { auth: { user: 'alice', pass: 'other' } });
            const err = await expectProxyFailure(connectThroughProxy(proxyUrl('socks5', proxy.port, true), { host: 'localhost', port: 25 }, baseOptions), 'EPROXY');
            expect(err.message).toContain('rejected the user name and password (status 0x01)');
        });
        it('is EPROXY when the SOCKS5 proxy wants a password and the URL has none', async () => {
            const proxy = await proxyFor('socks5', { auth: AUTH });
            const err = await expectProxyFailure(connectThroughProxy(proxyUrl('socks5', proxy.port, false), { host: 'localhost', port: 25 }, baseOptions), 'EPROXY');
            expect(err.message).toContain('accepts none of the offered authentication methods');
        });
        it('is EPROXY when the SOCKS4 proxy refuses the user id', async () => {
            const proxy = await proxyFor('socks4', { auth: { user: 'bob', pass: '' } });
            const err = await expectProxyFailure(connectThroughProxy(proxyUrl('socks4', proxy.port, true), { host: '127.0.0.1', port: 25 }, baseOptions), 'EPROXY');
            expect(err.message).toContain('identd does not confirm the user id (0x5d)');
        });
        it('uses no-auth when SOCKS5 credentials are given but the proxy needs none', async () => {
            const server = await smtp();
            const proxy = await proxyFor('socks5');
            const socket = await tunnel(proxyUrl('socks5', proxy.port, true), server.port);
            expect(await readReply(socket)).toMatch(/^220 /);
            expect(proxy.requests[0]?.pass).toBeUndefined();
        });
    });
    describe('addressing', () => {
        it('resolves the name locally for socks4 and sends an IPv4 address', async () => {
            const server = await smtp();
            const proxy = await proxyFor('socks4');
            await tunnel(proxyUrl('socks4', proxy.port, false), server.port, 'localhost');
            expect(proxy.requests[0]).toMatchObject({ addressType: 'ipv4', host: '127.0.0.1' });
        });
        it.each(['socks4a', 'socks5', 'http'])('lets the %s proxy resolve the name', async (scheme) => {
            const server = await smtp();
            const proxy = await proxyFor(scheme);
            await tunnel(proxyUrl(scheme, proxy.port, false), server.port, 'localhost');
            expect(proxy.requests[0]).toMatchObject({ addressType: 'domain', host: 'localhost' });
        });
        it.each(['socks4a', 'socks5', 'http'])('sends an IPv4 literal to the %s proxy as an address', async (scheme) => {
            const server = await smtp();
            const proxy = await proxyFor(scheme);
            await tunnel(proxyUrl(scheme, proxy.port, false), server.port, '127.0.0.1');
            expect(proxy.requests[0]).toMatchObject({ addressType: 'ipv4', host: '127.0.0.1' });
        });
        it('sends an IPv6 literal to the socks5 proxy as ATYP 4', async () => {
            const proxy = await proxyFor('socks5', { mode: 'refuse' });
            await expectProxyFailure(connectThroughProxy(proxyUrl('socks5', proxy.port, false), { host: '2001:db8::25', port: 25 }, baseOptions), 'EPROXY');
            expect(proxy.requests[0]).toMatchObject({ addressType: 'ipv6', host: '2001:db8:0:0:0:0:0:25' });
        });
        it('sends an internationalised name to the proxy in its ASCII form', async () => {
            const proxy = await proxyFor('socks5', { mode: 'refuse' });
            await expectProxyFailure(connectThroughProxy(proxyUrl('socks5', proxy.port, false), { host: 'smtp.bücher.example', port: 25 }, baseOptions), 'EPROXY');
            expect(proxy.requests[0]).toMatchObject({ addressType: 'domain', host: 'smtp.xn--bcher-kva.example' });
        });
        it.each(['socks4', 'socks4a'])('is ECONFIG for an IPv6 SMTP host through %s', async (scheme) => {
            const proxy = await proxyFor(scheme);
            const err = await expectProxyFailure(connectThroughProxy(proxyUrl(scheme, proxy.port, false), { host: '::1', port: 25 }, baseOptions), 'ECONFIG');
            expect(err.message).toContain('use socks5://');
            expect(proxy.requests).toHaveLength(0);
        });
        it('encodes IPv6 literals to 16 bytes', () => {
            expect(ipv6ToBytes('::1').toString('hex')).toBe('00000000000000000000000000000001');
            expect(ipv6ToBytes('2001:db8::25').toString('hex')).toBe('20010db8000000000000000000000025');
            expect(ipv6ToBytes('::ffff:127.0.0.1').toString('hex')).toBe('00000000000000000000ffff7f000001');
            expect(ipv6ToBytes('fe80::1%eth0').toString('hex')).toBe('fe800000000000000000000000000001');
            expect(ipv6ToBytes('1:2:3:4:5:6:7:8').toString('hex')).toBe('00010002000300040005000600070008');
        });
        it('resolves the proxy host and the socks4 target with the lookup option', async () => {
            const server = await smtp();
            const proxy = await proxyFor('socks4');
            const asked = [];
            const lookup = (hostname, _options, callback) => {
                asked.push(hostname);
                callback(null, [{ address: '127.0.0.1', family: 4 }]);
            };
            const socket = await tunnel(`socks4://proxy.test:${proxy.port}`, server.port, 'smtp.test', { ...baseOptions, lookup });
            expect(await readReply(socket)).toMatch(/^220 /);
            expect(asked.sort()).toEqual(['proxy.test', 'smtp.test']);
        });
    });
    describe('reaching the proxy', () => {
        it('is ECONNECTION when nothing listens on the proxy port', async () => {
            const closed = net.createServer();
            await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
            const port = closed.address().port;
            await new Promise((resolve) => closed.close(() => resolve()));
            const err = await expectProxyFailure(connectThroughProxy(`socks5://127.0.0.1:${port}`, { host: 'localhost', port: 25 }, baseOptions), 'ECONNECTION');
            expect(err.message).toContain('ECONNREFUSED');
        });
        it('is EDNS when the proxy name does not resolve', async () => {
            const lookup = (hostname, _options, callback) => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
            await expectProxyFailure(connectThroughProxy('http://proxy.invalid:3128', { host: 'localhost', port: 25 }, { ...baseOptions, lookup }), 'EDNS');
        });
        it('is EDNS when socks4 cannot resolve the SMTP host to IPv4', async () => {
            const proxy = await proxyFor('socks4');
            const lookup = (_hostname, _options, callback) => callback(null, []);
            await expectProxyFailure(connectThroughProxy(`socks4://127.0.0.1:${proxy.port}`, { host: 'smtp.test', port: 25 }, { ...baseOptions, lookup }), 'EDNS');
            expect(proxy.requests).toHaveLength(0);
        });
        it('is ETIMEDOUT when the lookup never answers', async () => {
            const lookup = () => undefined;
            await expectProxyFailure(connectThroughProxy('socks4://127.0.0.1:1080', { host: 'smtp.test', port: 25 }, { ...baseOptions, timeoutMs: 100, lookup }), 'ETIMEDOUT');
        });
        it('is ETLS when the https proxy certificate is not trusted', async () => {
            const proxy = await proxyFor('https');
            const err = await expectProxyFailure(connectThroughProxy(`https://localhost:${proxy.port}`, { host: 'localhost', port: 25 }, { timeoutMs: 2000 }), 'ETLS');
            expect(err.message).toContain('https proxy localhost');
        });
        it('is EPROXY once the CONNECT response head passes 16 KiB', async () => {
            const flood = net.createServer((socket) => {
                socket.on('error', () => undefined).resume();
                socket.write('HTTP/1.1 200 OK\r\n');
                const timer = setInterval(() => socket.write(`X-Filler: ${'a'.repeat(1000)}\r\n`), 1);
                socket.on('close', () => clearInterval(timer));
            });
            await new Promise((resolve) => flood.listen(0, '127.0.0.1', resolve));
            closers.push(() => new Promise((resolve) => flood.close(() => resolve())));
            const port = flood.address().port;
            const err = await expectProxyFailure(connectThroughProxy(`http://127.0.0.1:${port}`, { host: 'localhost', port: 25 }, baseOptions), 'EPROXY');
            expect(err.message).toContain('16384 bytes');
        });
        it('is EPROXY when the proxy closes during the handshake', async () => {
            const rude = net.createServer((socket) => socket.resume().end('HTTP/1.1 200'));
            await new Promise((resolve) => rude.listen(0, '127.0.0.1', resolve));
            closers.push(() => new Promise((resolve) => rude.close(() => resolve())));
            const port = rude.address().port;
            const err = await expectProxyFailure(connectThroughProxy(`http://127.0.0.1:${port}`, { host: 'localhost', port: 25 }, baseOptions), 'EPROXY');
            expect(err.message).toContain('closed the connection during the handshake');
        });
    });
    describe('validateProxyUrl', () => {
        it.each([
            'socks5://u:p@127.0.0.1:1080',
            'http://proxy.example',
            'https://[::1]:8443',
            'socks4://userid@10.0.0.1',
            'socks4a://10.0.0.1:1080',
        ])('accepts %s', (url) => {
            expect(() => validateProxyUrl(url)).not.toThrow();
        });
        it.each([
            ['an unknown scheme', `ftp://u:${ENCODED_PASSWORD}@proxy:21`],
            ['a malformed URL', `socks5://u:${ENCODED_PASSWORD}@[bad`],
            ['a socks4 password', `socks4://u:${ENCODED_PASSWORD}@proxy`],
            ['socks5 credentials over 255 bytes', `socks5://${'u'.repeat(256)}:${ENCODED_PASSWORD}@proxy`],
            ['bad percent-encoding', `http://u:${ENCODED_PASSWORD}%zz@proxy`],
            ['an empty string', ''],
        ])('is ECONFIG for %s, without the password', (_what, url) => {
            expect.assertions(3);
            try {
                validateProxyUrl(url);
            }
            catch (err) {
                expect(err.code).toBe('ECONFIG');
                expect(err.message).not.toContain(PASSWORD);
                expect(err.message).not.toContain(ENCODED_PASSWORD);
            }
        });
        it('is ECONFIG from connectThroughProxy for a target with CR/LF, before connecting', async () => {
            await expectProxyFailure(connectThroughProxy('http://127.0.0.1:9', { host: 'a\r\nHost: evil', port: 25 }, baseOptions), 'ECONFIG');
        });
    });
});
//# sourceMappingURL=proxy.spec.js.map