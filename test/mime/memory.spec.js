import { describe, it, expect, afterEach } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
const SIZE = 200 * 1024 * 1024;
const helper = (name) => fileURLToPath(new URL(`../helpers/${name}`, import.meta.url));
/** A minimal SMTP server that answers every command, counts DATA bytes and throws them away. */
function startCountingServer() {
    let counted = 0;
    const server = createServer((socket) => {
        let inData = false;
        let tail = '';
        let pending = '';
        socket.write('220 counter ready\r\n');
        socket.on('data', (chunk) => {
            if (inData) {
                counted += chunk.length;
                tail = (tail + chunk.subarray(-5).toString('latin1')).slice(-5);
                if (tail === '\r\n.\r\n') {
                    inData = false;
                    socket.write('250 counted\r\n');
                }
                return;
            }
            pending += chunk.toString('latin1');
            let end;
            while (!inData && (end = pending.indexOf('\r\n')) >= 0) {
                const line = pending.slice(0, end).toUpperCase();
                pending = pending.slice(end + 2);
                if (line.startsWith('EHLO'))
                    socket.write('250-counter\r\n250 8BITMIME\r\n');
                else if (line === 'DATA') {
                    inData = true;
                    tail = '';
                    socket.write('354 go\r\n');
                }
                else if (line === 'QUIT')
                    socket.end('221 bye\r\n');
                else
                    socket.write('250 ok\r\n');
            }
        });
        socket.on('error', () => { });
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port, counted: () => counted })));
}
function runChild(port, mode) {
    return new Promise((resolve, reject) => {
        execFile(process.execPath, ['--expose-gc', '--import', helper('register-ts.mjs'), helper('memory-child.ts'), String(port), String(SIZE), mode], { timeout: 60_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout))));
    });
}
describe('memory', () => {
    let server;
    afterEach(async () => {
        await new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
        server = undefined;
    });
    it('sends a 200 MB attachment from a stream with less than 64 MB RSS growth', async () => {
        const counting = await startCountingServer();
        server = counting.server;
        const result = await runChild(counting.port, 'send');
        const growthMb = (result.peak - result.baseline) / 2 ** 20;
        expect(result.messageSize).toBeGreaterThan(SIZE * 4 / 3);
        expect(counting.counted()).toBeGreaterThan(SIZE * 4 / 3);
        expect(growthMb).toBeLessThan(64);
    }, 60_000);
});
//# sourceMappingURL=memory.spec.js.map