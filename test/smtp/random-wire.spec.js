import { describe, it, expect } from '@jest/globals';
import { Readable } from 'node:stream';
import { createTransport } from '../../lib/transport/transport.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { startScriptServer } from '../helpers/script-server.js';
import { esmtp } from '../helpers/esmtp-script.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { seededRandom } from '../helpers/random.js';
const startServer = closedAfterEach(startSmtpServer);
const startScript = closedAfterEach(startScriptServer);
const PIECES = ['.', '..', '\r', '\n', '\r\n', 'text', ' ', '.\r\n', '\n.\n', 'é'];
/** A raw message with a random body, and what must arrive: every line break CRLF, ending in CRLF. */
function randomRaw(seed) {
    const next = seededRandom(seed);
    const body = Array.from({ length: Math.floor(next() * 60) }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
    const raw = Buffer.from(`From: a@example.com\r\nTo: b@example.com\r\nSubject: ${seed}\r\n\r\n${body}`);
    const cuts = Array.from({ length: 3 }, () => Math.floor(next() * raw.length)).sort((a, b) => a - b);
    const points = [0, ...cuts, raw.length];
    const chunks = points.slice(1).map((end, i) => raw.subarray(points[i], end));
    let expected = raw.toString().replace(/\r\n|\r|\n/g, '\r\n');
    if (!expected.endsWith('\r\n'))
        expected += '\r\n';
    return { chunks, expected };
}
const envelope = { from: 'a@example.com', to: ['b@example.com'] };
/** Sends `count` random raw messages one after the other, then closes; resolves what each must arrive as. */
async function sendRandomMessages(transport, count) {
    const expected = [];
    for (let seed = 1; seed <= count; seed += 1) {
        const { chunks, expected: wanted } = randomRaw(seed);
        expected.push(wanted);
        await transport.sendMail({ raw: Readable.from(chunks), envelope });
    }
    await transport.close();
    return expected;
}
describe('random message content on the wire', () => {
    it('arrives exactly, line breaks normalised, over DATA to a real smtp-server (streams split at random points)', async () => {
        const server = await startServer();
        const transport = createTransport({ host: server.host, port: server.port, pool: true, maxConnections: 1 });
        const expected = await sendRandomMessages(transport, 60);
        expect(server.messages.map((message) => message.raw.toString())).toEqual(expected);
    });
    it('arrives exactly over BDAT, never dot-stuffed', async () => {
        const server = await startScript(esmtp({ extensions: ['PIPELINING', 'CHUNKING'] }));
        const transport = createTransport({ host: server.host, port: server.port, pool: true, maxConnections: 1 });
        const expected = await sendRandomMessages(transport, 60);
        expect(server.connections[0].bodies.map((body) => body.toString())).toEqual(expected);
    });
});
//# sourceMappingURL=random-wire.spec.js.map