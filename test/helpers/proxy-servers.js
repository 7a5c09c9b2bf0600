/** Small real proxies for tests: HTTP CONNECT (plain or TLS), SOCKS4/4a and SOCKS5, each able to refuse, babble or stall. */
import * as net from 'node:net';
import * as tls from 'node:tls';
/** Buffers what a client sends and hands it out in pieces (the server side of a handshake). */
class ClientBytes {
    socket;
    buffered = Buffer.alloc(0);
    waiter;
    ended = false;
    constructor(socket) {
        this.socket = socket;
        socket.on('data', this.onData);
        socket.on('end', () => {
            this.ended = true;
            this.waiter?.();
        });
    }
    onData = (chunk) => {
        this.buffered = Buffer.concat([this.buffered, chunk]);
        this.waiter?.();
    };
    async take(length) {
        await this.until(() => this.buffered.length >= length);
        const out = this.buffered.subarray(0, length);
        this.buffered = this.buffered.subarray(length);
        return out;
    }
    async takeThrough(delimiter) {
        await this.until(() => this.buffered.includes(delimiter));
        return this.take(this.buffered.indexOf(delimiter) + delimiter.length);
    }
    /** Stops buffering and returns what is left, for the tunnel. */
    detach() {
        this.socket.off('data', this.onData);
        return this.buffered;
    }
    async until(ready) {
        while (!ready()) {
            if (this.ended)
                throw new Error('client went away');
            await new Promise((resolve) => (this.waiter = resolve));
            this.waiter = undefined;
        }
    }
}
/** Connects to the target and joins the two sockets, writing `reply` (plus, if asked, the target's first bytes) first. */
function tunnel(client, bytes, reply, host, port, coalesce) {
    const upstream = net.connect({ host, port });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.once('connect', () => {
        const start = (first) => {
            client.write(Buffer.concat([reply, first]));
            const rest = bytes.detach();
            if (rest.length > 0)
                upstream.write(rest);
            client.pipe(upstream);
            upstream.pipe(client);
        };
        if (coalesce)
            upstream.once('data', start);
        else
            start(Buffer.alloc(0));
    });
}
function listen(server, handler) {
    const sockets = new Set();
    const requests = [];
    const connectionEvent = server instanceof tls.Server ? 'secureConnection' : 'connection';
    server.on(connectionEvent, (client) => {
        sockets.add(client);
        client.on('close', () => sockets.delete(client));
        client.on('error', () => client.destroy());
        handler(client).catch(() => client.destroy());
    });
    server.on('error', () => undefined);
    return new Promise((resolve) => {
        server.listen(0, '127.0.0.1', () => {
            const port = server.address().port;
            resolve({
                port,
                requests,
                sockets,
                close: () => new Promise((done) => {
                    for (const socket of sockets)
                        socket.destroy();
                    server.close(() => done());
                }),
            });
        });
    });
}
function parseAuthority(authority) {
    const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(authority);
    if (!match?.[1] || !match[2])
        throw new Error(`bad authority ${authority}`);
    return { host: match[1], port: Number(match[2]) };
}
function addressTypeOf(host) {
    const family = net.isIP(host);
    return family === 4 ? 'ipv4' : family === 6 ? 'ipv6' : 'domain';
}
/** An HTTP CONNECT proxy (over TLS when `options.tls` is given). */
export async function startHttpProxy(options = {}) {
    const server = options.tls ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }) : net.createServer();
    const proxy = await listen(server, async (client) => {
        const bytes = new ClientBytes(client);
        const head = (await bytes.takeThrough('\r\n\r\n')).toString('latin1');
        const [requestLine = '', ...headerLines] = head.split('\r\n');
        const authority = /^CONNECT (\S+) HTTP\/1\.1$/.exec(requestLine)?.[1] ?? '';
        const { host, port } = parseAuthority(authority);
        const authHeader = headerLines.find((line) => /^proxy-authorization:/i.test(line));
        const basic = /Basic (\S+)/.exec(authHeader ?? '')?.[1];
        const decoded = basic === undefined ? undefined : Buffer.from(basic, 'base64').toString();
        const record = { host, port, addressType: addressTypeOf(host) };
        if (decoded !== undefined)
            Object.assign(record, { user: decoded.split(':')[0], pass: decoded.slice(decoded.indexOf(':') + 1) });
        proxy.requests.push(record);
        const mode = options.mode ?? 'ok';
        if (mode === 'stall')
            return;
        if (mode === 'garbage')
            return void client.end('SSH-2.0-OpenSSH_9.6\r\n\x00\x01\x02\r\n\r\n');
        const expected = options.auth && `${options.auth.user}:${options.auth.pass}`;
        if (expected !== undefined && decoded !== expected) {
            const echo = options.echoCredentialsInRefusal ? ` for ${decoded ?? ''}` : '';
            return void client.end(`HTTP/1.1 407 Proxy Authentication Required${echo}\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n`);
        }
        if (mode === 'refuse') {
            const echo = options.echoCredentialsInRefusal ? ` for ${decoded ?? ''}` : '';
            return void client.end(`HTTP/1.1 403 Forbidden${echo}\r\nContent-Length: 0\r\n\r\n`);
        }
        tunnel(client, bytes, Buffer.from('HTTP/1.1 200 Connection established\r\nProxy-Agent: test\r\n\r\n'), host, port, options.coalesce ?? false);
    });
    return proxy;
}
async function readNulString(bytes) {
    return (await bytes.takeThrough('\0')).subarray(0, -1).toString();
}
/** A SOCKS4 proxy that also understands SOCKS4a names (0.0.0.x with a trailing host name). */
export async function startSocks4Proxy(options = {}) {
    const proxy = await listen(net.createServer(), async (client) => {
        const bytes = new ClientBytes(client);
        const head = await bytes.take(8);
        if (head[0] !== 4 || head[1] !== 1)
            return void client.destroy();
        const port = head.readUInt16BE(2);
        const ip = [...head.subarray(4, 8)].join('.');
        const user = await readNulString(bytes);
        const isName = ip.startsWith('0.0.0.') && ip !== '0.0.0.0';
        const host = isName ? await readNulString(bytes) : ip;
        proxy.requests.push({ host, port, addressType: isName ? 'domain' : 'ipv4', user });
        const mode = options.mode ?? 'ok';
        if (mode === 'stall')
            return;
        if (mode === 'garbage')
            return void client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
        const reply = (code) => Buffer.from([0x00, code, head[2] ?? 0, head[3] ?? 0, 0, 0, 0, 0]);
        if (options.auth && user !== options.auth.user)
            return void client.end(reply(0x5d));
        if (mode === 'refuse')
            return void client.end(reply(0x5b));
        tunnel(client, bytes, reply(0x5a), host, port, options.coalesce ?? false);
    });
    return proxy;
}
async function readSocks5Address(bytes, addressType) {
    if (addressType === 1)
        return { host: [...(await bytes.take(4))].join('.'), type: 'ipv4' };
    if (addressType === 4) {
        const raw = await bytes.take(16);
        const groups = Array.from({ length: 8 }, (_, i) => raw.readUInt16BE(i * 2).toString(16));
        return { host: groups.join(':'), type: 'ipv6' };
    }
    const [length = 0] = await bytes.take(1);
    return { host: (await bytes.take(length)).toString(), type: 'domain' };
}
/** Reads an RFC 1929 exchange and answers it; false when the credentials are wrong. */
async function socks5Authenticate(client, bytes, record, expected) {
    const [, userLength = 0] = await bytes.take(2);
    record.user = (await bytes.take(userLength)).toString();
    const [passLength = 0] = await bytes.take(1);
    record.pass = (await bytes.take(passLength)).toString();
    const ok = record.user === expected.user && record.pass === expected.pass;
    client.write(Buffer.from([0x01, ok ? 0x00 : 0x01]));
    return ok;
}
/** A SOCKS5 proxy (RFC 1928), demanding username/password (RFC 1929) when `options.auth` is set. */
export async function startSocks5Proxy(options = {}) {
    const proxy = await listen(net.createServer(), async (client) => {
        const bytes = new ClientBytes(client);
        const [version, methodCount = 0] = await bytes.take(2);
        if (version !== 5)
            return void client.destroy();
        const methods = [...(await bytes.take(methodCount))];
        const mode = options.mode ?? 'ok';
        if (mode === 'garbage')
            return void client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
        const wanted = options.auth ? 0x02 : 0x00;
        if (!methods.includes(wanted))
            return void client.end(Buffer.from([0x05, 0xff]));
        client.write(Buffer.from([0x05, wanted]));
        const record = {};
        if (options.auth && !(await socks5Authenticate(client, bytes, record, options.auth)))
            return void client.end();
        const request = await bytes.take(4);
        const { host, type } = await readSocks5Address(bytes, request[3] ?? 0);
        const port = (await bytes.take(2)).readUInt16BE(0);
        proxy.requests.push({ ...record, host, port, addressType: type });
        if (mode === 'stall')
            return;
        const reply = (code) => Buffer.from([0x05, code, 0x00, 0x01, 127, 0, 0, 1, 0x04, 0x38]);
        if (mode === 'refuse')
            return void client.end(reply(0x02));
        tunnel(client, bytes, reply(0x00), host, port, options.coalesce ?? false);
    });
    return proxy;
}
//# sourceMappingURL=proxy-servers.js.map