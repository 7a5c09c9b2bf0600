/**
 * A reference, not a contender: the least a client can do per message on this machine. It sends fixed,
 * pre-rendered message bytes as `MAIL`, `RCPT`, `BDAT <n> LAST` in one write and counts the replies, with no MIME
 * composition, no parsing beyond finding reply ends, and no checks. Its CPU per message is the floor (mostly the
 * kernel's cost of one loopback write and read) that any SMTP client pays here. Needs PIPELINING and CHUNKING.
 */
import { connect } from 'node:net';
/** About the size of the small message the scenarios send, once composed. */
const BODY = Buffer.from('From: Shop <orders@shop.example>\r\nTo: customer@example.com\r\nSubject: Your order has shipped\r\n' +
    'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n' +
    `${'Thank you for your order. Your parcel left our warehouse this morning.\r\n'.repeat(18)}`);
/** Resolves after `count` complete replies (a reply ends with a line whose fourth octet is a space). */
class ReplyCounter {
    waiting = [];
    partial = '';
    feed(chunk) {
        const text = this.partial + chunk.toString('latin1');
        const lines = text.split('\r\n');
        this.partial = lines.pop() ?? '';
        for (const line of lines) {
            if (line[3] !== ' ')
                continue;
            const head = this.waiting[0];
            if (!head)
                continue;
            head.remaining -= 1;
            if (head.remaining === 0) {
                this.waiting.shift();
                head.resolve();
            }
        }
    }
    expect(count) {
        return new Promise((resolve) => this.waiting.push({ remaining: count, resolve }));
    }
}
/** Opens a session (greeting, EHLO) and returns a client that sends one message at a time. */
export async function createFloorClient(settings) {
    const socket = connect(settings.port, '127.0.0.1');
    socket.setNoDelay(true);
    const replies = new ReplyCounter();
    const greeting = replies.expect(1);
    socket.on('data', (chunk) => replies.feed(chunk));
    await greeting;
    const ehlo = replies.expect(1);
    socket.write('EHLO client.bench\r\n');
    await ehlo;
    let queue = Promise.resolve();
    let index = 0;
    const transact = async () => {
        const done = replies.expect(3);
        const head = `MAIL FROM:<orders@shop.example>\r\nRCPT TO:<customer${index++}@example.com>\r\nBDAT ${BODY.length} LAST\r\n`;
        socket.write(Buffer.concat([Buffer.from(head, 'latin1'), BODY]));
        await done;
    };
    return {
        send() {
            queue = queue.then(transact);
            return queue;
        },
        async close() {
            const bye = replies.expect(1);
            socket.write('QUIT\r\n');
            await bye;
            socket.destroy();
        },
    };
}
//# sourceMappingURL=floor-client.js.map