/**
 * Scenario run in a child process by test/helpers/netns.ts (runInChild): a scripted server floods the client
 * (greeting without LF, one endless EHLO line, or endless EHLO lines) and the client's memory is sampled
 * while it copes. Reports the error code, the time to settle and the peak growth of heap + external memory.
 */
import { performance } from 'node:perf_hooks';
import { createTransport } from '../../../lib/transport/transport.js';
import { SmtpError } from '../../../lib/core/errors.js';
import { startScriptServer, repeatChunk } from '../../helpers/script-server.js';
import { esmtp } from '../../helpers/esmtp-script.js';
const CHUNK = 64 * 1024;
function floodScript(kind, sent) {
    return async (conn) => {
        if (kind !== 'greeting') {
            await conn.reply('220 mx.test ESMTP');
            await conn.expect('EHLO');
            if (kind === 'ehlo-line')
                await conn.send('250-');
        }
        const chunk = kind === 'ehlo-lines' ? '250-xxxxxxxx\r\n'.repeat(CHUNK / 14) : 'A'.repeat(CHUNK);
        sent.bytes = await conn.flood(repeatChunk(chunk));
    };
}
const usage = () => {
    const { heapUsed, external } = process.memoryUsage();
    return heapUsed + external;
};
export default async function run(input) {
    const gc = globalThis.gc ?? (() => undefined);
    const warm = await startScriptServer(esmtp());
    await createTransport({ host: warm.host, port: warm.port }).sendMail({ from: 'a@x.test', to: 'b@x.test', text: 'warm-up' });
    await warm.close();
    const sent = { bytes: 0 };
    const server = await startScriptServer(floodScript(input.kind, sent));
    gc();
    const baseline = usage();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, usage())), 1);
    const transport = createTransport({ host: server.host, port: server.port, greetingTimeout: 5000, socketTimeout: 5000 });
    const started = performance.now();
    const code = await transport.sendMail({ from: 'a@x.test', to: 'b@x.test', text: 'x' }).then(() => undefined, (err) => (err instanceof SmtpError ? err.code : String(err)));
    const ms = performance.now() - started;
    peak = Math.max(peak, usage());
    clearInterval(sampler);
    await server.connections[0]?.closed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await server.close();
    return { code, ms, peakGrowth: peak - baseline, floodBytes: sent.bytes };
}
//# sourceMappingURL=flood-memory.scenario.js.map