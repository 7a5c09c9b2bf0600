/** A real `smtp-server` on a local address, port 0, that records every message, command and session for assertions. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
const fixture = (name) => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');
/** The test-only key and certificate (self-signed for localhost and 127.0.0.1); clients trust it with `tls: { ca }`. */
export const FIXTURE_KEY = fixture('localhost.key.pem');
export const FIXTURE_CERT = fixture('localhost.cert.pem');
/** Starts a real smtp-server for one test; always `close()` it in afterEach. */
export async function startSmtpServer(opts = {}) {
    const state = newState();
    const server = new SMTPServer(buildOptions(opts, state));
    server.on('error', () => { });
    trackSockets(server, state);
    const host = opts.host ?? '127.0.0.1';
    await new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(0, host, () => {
            server.server.off('error', reject);
            resolve();
        });
    });
    const address = server.server.address();
    return {
        host,
        port: address.port,
        ca: FIXTURE_CERT,
        messages: state.messages,
        authAttempts: state.authAttempts,
        commands: state.commands,
        wire: state.wire,
        connectionCount: () => state.wire.length,
        wireText: () => state.wire.map((chunks) => Buffer.concat(chunks).toString('latin1')).join(''),
        parse: (index = 0) => parseMessage(state.messages, index),
        waitForMessages: (count, timeoutMs = 2000) => waitFor(() => state.messages.length >= count, timeoutMs),
        close: () => closeServer(server, state),
        server,
    };
}
function newState() {
    return { messages: [], authAttempts: [], commands: [], wire: [], sockets: new Set(), rcptCounts: new Map() };
}
function buildOptions(opts, state) {
    const mode = opts.mode ?? 'plain';
    const auth = opts.auth;
    const base = {
        secure: mode === 'tls',
        key: FIXTURE_KEY,
        cert: FIXTURE_CERT,
        name: 'mx.test',
        disabledCommands: [...(mode === 'plain' ? ['STARTTLS'] : []), ...(auth ? [] : ['AUTH'])],
        authOptional: auth ? auth.required === false : true,
        authMethods: auth?.methods ?? ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'],
        allowInsecureAuth: opts.allowInsecureAuth ?? true,
        size: opts.size,
        rejectOversized: opts.size !== undefined,
        hideSTARTTLS: opts.hideSTARTTLS,
        hidePIPELINING: opts.hidePIPELINING,
        hide8BITMIME: opts.hide8BITMIME,
        hideSMTPUTF8: opts.hideSMTPUTF8,
        hideSize: opts.hideSize,
        hideDSN: opts.hideDSN ?? true,
        hideENHANCEDSTATUSCODES: opts.hideENHANCEDSTATUSCODES ?? true,
        disableReverseLookup: true,
        closeTimeout: 100,
        socketTimeout: 10_000,
        maxAllowedUnauthenticatedCommands: false,
        logger: commandLogger(state),
        onAuth: (attempt, session, callback) => {
            const accepted = auth !== undefined && checkAuth(auth, attempt);
            state.authAttempts.push({ method: attempt.method, username: attempt.username, accepted, secure: session.secure });
            if (accepted)
                return callback(null, { user: attempt.username });
            if (attempt.method === 'XOAUTH2')
                return callback(null, { data: { status: '401', schemes: 'bearer', scope: 'https://mail.test/' } });
            return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
        },
        onRcptTo: (address, session, callback) => {
            const key = `${session.id}:${session.transaction}`;
            const index = state.rcptCounts.get(key) ?? 0;
            state.rcptCounts.set(key, index + 1);
            const code = recipientVerdict(opts, address.address, index);
            if (!code)
                return callback();
            callback(Object.assign(new Error(`Recipient ${address.address} refused`), { responseCode: code }));
        },
        onData: (stream, session, callback) => {
            const chunks = [];
            stream.on('data', (chunk) => chunks.push(chunk));
            stream.on('end', () => {
                if (stream.sizeExceeded)
                    return callback(Object.assign(new Error('Message too big'), { responseCode: 552 }));
                if (opts.rejectData)
                    return callback(Object.assign(new Error(opts.rejectData.message), { responseCode: opts.rejectData.code }));
                state.messages.push(recordMessage(session, Buffer.concat(chunks)));
                callback(null, 'Message queued as test');
            });
        },
    };
    return { ...base, ...opts.serverOptions };
}
function checkAuth(auth, attempt) {
    if (attempt.username !== auth.user)
        return false;
    switch (attempt.method) {
        case 'XOAUTH2': {
            const current = typeof auth.accessToken === 'function' ? auth.accessToken() : auth.accessToken;
            return current !== undefined && attempt.accessToken === current;
        }
        case 'CRAM-MD5':
            return auth.pass !== undefined && attempt.validatePassword(auth.pass);
        default:
            return auth.pass !== undefined && attempt.password === auth.pass;
    }
}
function recipientVerdict(opts, address, index) {
    const rule = opts.rejectRecipients;
    if (rule === undefined)
        return false;
    if (typeof rule === 'function')
        return rule(address, index);
    return rule.includes(address) ? (opts.rejectCode ?? 550) : false;
}
function recordMessage(session, raw) {
    const { mailFrom, rcptTo } = session.envelope;
    return {
        envelope: { from: mailFrom ? mailFrom.address : '', to: rcptTo.map((r) => r.address) },
        raw,
        mailFrom,
        rcptTo: [...rcptTo],
        mailParams: mailFrom && mailFrom.args ? { ...mailFrom.args } : {},
        rcptParams: rcptTo.map((r) => (r.args ? { ...r.args } : {})),
        secure: session.secure,
        user: session.user,
        sessionId: session.id,
        remoteAddress: session.remoteAddress,
    };
}
/** A bunyan-shaped logger that keeps the command lines smtp-server logs (already redacted by smtp-server). */
function commandLogger(state) {
    const keep = (entry, _message, line) => {
        const data = entry;
        if (data?.tnx !== 'command')
            return;
        state.commands.push({ connectionId: data.cid ?? '', command: data.command ?? '', line: String(line ?? '') });
    };
    const ignore = () => { };
    return { trace: ignore, debug: keep, info: ignore, warn: ignore, error: ignore, fatal: ignore };
}
/** Keeps the raw plaintext bytes of each connection, and the sockets so close() can destroy them. */
function trackSockets(server, state) {
    server.server.on('connection', (socket) => {
        const chunks = [];
        state.wire.push(chunks);
        state.sockets.add(socket);
        socket.on('data', (chunk) => chunks.push(Buffer.from(chunk)));
        socket.on('error', () => { });
        socket.on('close', () => state.sockets.delete(socket));
    });
}
async function parseMessage(messages, index) {
    const message = messages[index];
    if (!message)
        throw new Error(`no message #${index} (received ${messages.length})`);
    return simpleParser(message.raw);
}
/** Polls a condition every 5 ms until it holds or the time is up. */
export async function waitFor(condition, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline)
            throw new Error(`condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}
async function closeServer(server, state) {
    // Destroy the topmost socket of each session (a TLS socket after STARTTLS) so close() never waits.
    for (const connection of server.connections)
        connection._socket.destroy();
    await new Promise((resolve) => {
        server.close(() => resolve());
        setImmediate(() => {
            for (const socket of state.sockets)
                socket.destroy();
        });
    });
}
//# sourceMappingURL=smtp-server.js.map