/** Child-side measurement of a batch of small messages: wall time, CPU time, throughput. */
import { performance } from 'node:perf_hooks';
import { createClient } from './clients.js';
import { cpuMsSince } from './probes.js';
import { rawMessage, smallMessage } from './messages.js';
/** Sends `count` messages keeping at most `window` in flight, as an app sending one after another would. */
async function sendWindowed(client, make, first, count, window) {
    let next = first;
    const end = first + count;
    const lane = async () => {
        while (next < end)
            await client.send(make(next++));
    };
    await Promise.all(Array.from({ length: Math.min(window, count) }, lane));
}
/** Submits all `count` messages at once and waits for every one. */
async function sendBurst(client, make, first, count) {
    await Promise.all(Array.from({ length: count }, (_, i) => client.send(make(first + i))));
}
/**
 * Measures one run of small messages. Params: `count`, `warmup` (messages sent before measuring, after which the
 * sink's counters are zeroed), either `window` (messages in flight) or `burst: true` (all submitted at once), and
 * `raw: true` to send pre-rendered messages instead of composed ones.
 * The clock and CPU meter stop when the last message is accepted; closing the transport is not measured.
 */
export async function measureSmallMessages(task, hooks) {
    const count = Number(task.params.count);
    const warmup = Number(task.params.warmup ?? 0);
    const window = Number(task.params.window ?? 1);
    const make = task.params.raw ? rawMessage : smallMessage;
    const send = (client, first, n) => task.params.burst ? sendBurst(client, make, first, n) : sendWindowed(client, make, first, n, window);
    const client = await createClient(task.contender.side, { port: task.port, ...task.contender.settings });
    if (warmup > 0) {
        await send(client, 0, warmup);
        await hooks.mark();
    }
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    await send(client, warmup, count);
    const wallMs = performance.now() - started;
    const cpuMs = cpuMsSince(cpuStart);
    await client.close();
    return { messages: count, wallMs, cpuMs, cpuMsPerMessage: cpuMs / count, messagesPerSecond: (count * 1000) / wallMs };
}
//# sourceMappingURL=measure.js.map