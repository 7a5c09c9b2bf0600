/**
 * Child process for the memory test: sends one message with a generated attachment of `size` bytes
 * through createTransport to 127.0.0.1:`port` and prints `{ baseline, peak, messageSize }` (RSS bytes)
 * as JSON. With `mode` "compose" it pipes composeMessage to a counting sink instead.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { composeMessage } from '../../lib/mime/compose.js';
import { createTransport } from '../../lib/transport/transport.js';
const [port, size, mode] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4] ?? 'send'];
const CHUNK = Buffer.alloc(64 * 1024, 'nestjs-smtp memory test ');
function generated(total) {
    let left = total;
    return new Readable({
        read() {
            const take = Math.min(left, CHUNK.length);
            left -= take;
            this.push(take > 0 ? CHUNK.subarray(0, take) : null);
        },
    });
}
async function main() {
    const message = { from: 'a@example.com', to: 'b@example.com', text: 'big', attachments: [{ filename: 'big.bin', content: generated(size) }] };
    // Warm up everything the send touches, then measure from a settled heap.
    await pipeline(composeMessage({ ...message, attachments: [{ filename: 'w.bin', content: generated(1 << 20) }] }).stream, new Writable({ write(_c, _e, cb) { cb(); } }));
    globalThis.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    let messageSize = 0;
    if (mode === 'compose') {
        await pipeline(composeMessage(message).stream, new Writable({ write(chunk, _e, cb) { messageSize += chunk.length; cb(); } }));
    }
    else {
        const transport = createTransport({ host: '127.0.0.1', port, name: 'client.test' });
        messageSize = (await transport.sendMail(message)).messageSize;
        await transport.close();
    }
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    process.stdout.write(JSON.stringify({ baseline, peak, messageSize }));
}
main().catch((err) => {
    process.stderr.write(String(err?.stack ?? err));
    process.exit(1);
});
//# sourceMappingURL=memory-child.js.map