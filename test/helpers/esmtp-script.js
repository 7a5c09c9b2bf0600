export const STALL = Object.freeze({ action: 'stall' });
export const CLOSE = Object.freeze({ action: 'close' });
export const DESTROY = Object.freeze({ action: 'destroy' });
/** A script that answers like a plain ESMTP server: 250 to everything, 354 to DATA, BDAT chunks read by size. */
export function esmtp(options = {}) {
    return async (conn) => {
        const session = { conn, counts: new Map(), secure: false, bdat: [], overrides: options.overrides };
        if (!(await perform(conn, options.greeting ?? '220 mx.test ESMTP ready')).alive)
            return;
        for (;;) {
            const line = await conn.readLine();
            const verb = (line.split(' ')[0] ?? '').toUpperCase();
            const plain = options.extensions ?? [];
            const keywords = session.secure ? (options.tlsExtensions ?? plain.filter((k) => k.toUpperCase() !== 'STARTTLS')) : plain;
            if (!(await handle(session, line, verb, keywords)))
                return;
        }
    };
}
/** Replies to one command (the override's answer, else `fallback`); returns what was sent. */
async function answer(session, line, verb, fallback) {
    const nth = (session.counts.get(verb) ?? 0) + 1;
    session.counts.set(verb, nth);
    const info = { line, verb, nth, conn: session.conn, secure: session.secure };
    const chosen = await pickOverride(session.overrides, info);
    return perform(session.conn, chosen === undefined ? fallback : chosen);
}
async function handle(session, line, verb, keywords) {
    const reply = async (fallback) => (await answer(session, line, verb, fallback)).alive;
    switch (verb) {
        case 'EHLO':
            return reply(ehloReply(keywords));
        case 'HELO':
            return reply('250 mx.test');
        case 'MAIL':
        case 'RCPT':
        case 'RSET':
        case 'NOOP':
            return reply('250 2.0.0 OK');
        case 'QUIT':
            return reply(['221 2.0.0 Bye', CLOSE]);
        case 'STARTTLS': {
            const done = await answer(session, line, verb, '220 2.0.0 Ready to start TLS');
            if (!done.alive || !done.replies.some((r) => r.startsWith('220')))
                return done.alive;
            await session.conn.upgradeTls();
            session.secure = true;
            return true;
        }
        case 'AUTH':
            return authExchange(session, line);
        case 'DATA':
            return dataExchange(session, line);
        case 'BDAT':
            return bdatExchange(session, line);
        default:
            return reply('502 5.5.2 Command not recognized');
    }
}
function ehloReply(keywords) {
    const lines = ['mx.test greets you', ...keywords];
    return lines.map((text, i) => `250${i === lines.length - 1 ? ' ' : '-'}${text}`).join('\r\n');
}
/** AUTH with an initial response succeeds at once; without one, LOGIN gets two prompts and others one. */
async function authExchange(session, line) {
    const [, mechanism = '', initial] = line.split(' ');
    if (initial === undefined) {
        const prompts = mechanism.toUpperCase() === 'LOGIN' ? ['334 VXNlcm5hbWU6', '334 UGFzc3dvcmQ6'] : ['334 PDEyMzQ1Ni4xQG14LnRlc3Q+'];
        for (const prompt of prompts) {
            await session.conn.reply(prompt);
            await session.conn.readLine();
        }
    }
    return (await answer(session, line, 'AUTH', '235 2.7.0 Authentication successful')).alive;
}
/** DATA: the body is read only when a 354 went out; then the end-of-data reply is asked for as verb `.`. */
async function dataExchange(session, line) {
    const done = await answer(session, line, 'DATA', '354 End data with <CR><LF>.<CR><LF>');
    if (!done.alive || !done.replies.some((r) => r.startsWith('354')))
        return done.alive;
    session.conn.bodies.push(await readDataBody(session.conn));
    return (await answer(session, '.', '.', '250 2.0.0 OK queued as TEST')).alive;
}
/**
 * Reads DATA content up to and including the terminating `.` line. Only CRLF "." CRLF ends it
 * (RFC 5321 §4.1.1.4): a "." line after a bare LF does not, so smuggling attempts show in the body.
 */
async function readDataBody(conn) {
    const lines = [];
    let atLineStart = true;
    for (;;) {
        const line = await conn.readUntil('\n');
        lines.push(line);
        if (atLineStart && line.length === 3 && line.toString('latin1') === '.\r\n')
            return Buffer.concat(lines);
        atLineStart = line.length >= 2 && line[line.length - 2] === 0x0d;
    }
}
/** BDAT <size> [LAST] (RFC 3030): reads exactly size bytes, then asks for the reply. */
async function bdatExchange(session, line) {
    const [, size = '0', last] = line.split(' ');
    const chunk = await session.conn.readBytes(Number(size));
    const isLast = (last ?? '').toUpperCase() === 'LAST';
    session.bdat.push(chunk);
    if (isLast) {
        session.conn.bodies.push(Buffer.concat(session.bdat));
        session.bdat = [];
    }
    const fallback = isLast ? '250 2.0.0 OK queued as TEST' : `250 2.0.0 ${chunk.length} octets received`;
    return (await answer(session, line, 'BDAT', fallback)).alive;
}
async function pickOverride(overrides, info) {
    if (!overrides)
        return undefined;
    if (typeof overrides === 'function')
        return overrides(info);
    const entry = overrides[`${info.verb}#${info.nth}`] ?? overrides[info.verb];
    return typeof entry === 'function' ? entry(info) : entry;
}
/** Sends replies and carries out actions in order. */
async function perform(conn, result) {
    const items = Array.isArray(result) ? result : [result];
    const replies = [];
    for (const item of items) {
        if (item === undefined)
            continue;
        if (typeof item === 'string') {
            await conn.reply(item);
            replies.push(item);
        }
        else if (item.action === 'stall') {
            await conn.stall();
            return { alive: false, replies };
        }
        else if (item.action === 'close') {
            await conn.close();
            return { alive: false, replies };
        }
        else {
            conn.destroy();
            return { alive: false, replies };
        }
    }
    return { alive: true, replies };
}
//# sourceMappingURL=esmtp-script.js.map