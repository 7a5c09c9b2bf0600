/** A raw TCP server on 127.0.0.1:0 that plays a script per connection and records every byte it receives. */
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { ByteReader, PeerClosedError } from './byte-reader.js';
import { FIXTURE_CERT, FIXTURE_KEY } from './smtp-server.js';
/** Starts a scripted server; the script (or `scripts[i]` for the i-th connection, the last one repeating) runs per connection. */
export async function startScriptServer(script) {
    const scripts = Array.isArray(script) && (script.length === 0 || !isStep(script[0])) ? script : [script];
    const connections = [];
    const errors = [];
    const sockets = new Set();
    const server = net.createServer((socket) => {
        // Replies go out as written: Nagle would hold a second small reply for the client's delayed ACK (~40 ms).
        socket.setNoDelay(true);
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        const conn = createConnection(socket, connections.length, sockets);
        connections.push(conn);
        const chosen = scripts[Math.min(connections.length - 1, scripts.length - 1)] ?? [];
        const run = typeof chosen === 'function' ? chosen : stepsToScript(chosen);
        run(conn).catch((err) => {
            if (err instanceof PeerClosedError || conn.isClosed)
                conn.socket.destroy();
            else {
                errors.push(err instanceof Error ? err : new Error(String(err)));
                conn.destroy();
            }
        });
    });
    server.on('error', () => { });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const all = () => Buffer.concat(connections.flatMap((c) => c.received));
    return {
        host: '127.0.0.1',
        port: server.address().port,
        connections,
        errors,
        connectionCount: () => connections.length,
        receivedBytes: all,
        transcript: () => all().toString('latin1'),
        commands: () => connections.flatMap((c) => c.commands),
        close: async () => {
            for (const socket of sockets)
                socket.destroy();
            await new Promise((resolve) => server.close(() => resolve()));
        },
        server,
    };
}
function isStep(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Turns a list of steps into a script. */
export function stepsToScript(steps) {
    return async (conn) => {
        for (const step of steps) {
            if ('send' in step)
                await conn.send(step.send);
            else if ('expect' in step) {
                await conn.expect(step.expect);
                if (step.reply !== undefined)
                    await conn.reply(step.reply);
            }
            else if ('wait' in step)
                await conn.wait(step.wait);
            else if ('close' in step)
                await conn.close();
            else if ('destroy' in step)
                conn.destroy();
            else if ('stall' in step)
                await conn.stall();
            else if ('flood' in step)
                await conn.flood(step.flood());
            else if ('upgradeTls' in step)
                await conn.upgradeTls();
        }
    };
}
function createConnection(raw, index, sockets) {
    const received = [];
    const commands = [];
    let reader = new ByteReader();
    let socket = raw;
    let isClosed = false;
    const closed = new Promise((resolve) => raw.once('close', () => resolve()));
    const attach = (target, into) => {
        const onData = (chunk) => {
            received.push(Buffer.from(chunk));
            into.push(chunk);
        };
        target.on('data', onData);
        target.on('end', () => into.end());
        target.on('close', () => into.end());
        target.on('error', () => { });
        return onData;
    };
    let detachRaw = attach(raw, reader);
    raw.on('close', () => {
        isClosed = true;
    });
    const conn = {
        index,
        received,
        commands,
        bodies: [],
        get isClosed() {
            return isClosed;
        },
        closed,
        get socket() {
            return socket;
        },
        send: (data) => writeAll(socket, data),
        reply: (text) => writeAll(socket, text.endsWith('\n') ? text : `${text}\r\n`),
        readLine: async () => {
            const line = await reader.readLine();
            commands.push(line);
            return line;
        },
        readBytes: (count) => reader.readBytes(count),
        readUntil: (marker) => reader.readUntil(typeof marker === 'string' ? Buffer.from(marker, 'latin1') : marker),
        expect: async (match) => {
            const line = await conn.readLine();
            const ok = typeof match === 'string' ? line.toUpperCase().startsWith(match.toUpperCase()) : match.test(line);
            if (!ok)
                throw new Error(`script expected ${String(match)}, got ${JSON.stringify(line)}`);
            return line;
        },
        wait: (ms) => delay(ms).then(() => undefined),
        close: async () => {
            socket.end();
            await closed;
        },
        destroy: () => {
            // An RST only makes sense while the peer is still there; once it has sent FIN, Node may never emit
            // 'close' after resetAndDestroy(), so a plain destroy is used.
            const peerGone = raw.readableEnded || raw.writableEnded;
            if (!raw.destroyed) {
                if (peerGone)
                    raw.destroy();
                else
                    raw.resetAndDestroy();
            }
            if (!socket.destroyed)
                socket.destroy();
        },
        stall: () => closed,
        flood: (source) => flood(socket, source),
        upgradeTls: async (options) => {
            if (detachRaw)
                raw.off('data', detachRaw);
            detachRaw = undefined;
            reader.discard();
            reader = new ByteReader();
            const secure = new tls.TLSSocket(raw, { isServer: true, key: FIXTURE_KEY, cert: FIXTURE_CERT, ...options });
            sockets.add(secure);
            secure.on('close', () => sockets.delete(secure));
            attach(secure, reader);
            socket = secure;
            await Promise.race([once(secure, 'secure'), closed.then(() => Promise.reject(new PeerClosedError()))]);
        },
    };
    return conn;
}
async function writeAll(socket, data) {
    if (socket.destroyed || !socket.writable)
        throw new PeerClosedError();
    await new Promise((resolve, reject) => {
        socket.write(data, (err) => (err ? reject(new PeerClosedError()) : resolve()));
    });
}
async function flood(socket, source) {
    let sent = 0;
    for (const chunk of source) {
        if (socket.destroyed || !socket.writable)
            break;
        sent += Buffer.byteLength(chunk);
        if (!socket.write(chunk))
            await writable(socket);
    }
    return sent;
}
/** Resolves when the socket drains, closes or fails, whichever comes first (never rejects). */
function writable(socket) {
    return new Promise((resolve) => {
        const done = () => {
            socket.off('drain', done);
            socket.off('close', done);
            socket.off('error', done);
            resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
        socket.on('error', done);
    });
}
/** An endless source of the same chunk, for flood steps. */
export function* repeatChunk(chunk) {
    for (;;)
        yield chunk;
}
//# sourceMappingURL=script-server.js.map