/**
 * Scenario 4: one message with a 50 MB attachment, from a Buffer and from a file stream. Each run is a fresh
 * process (started with --expose-gc), so one run's heap cannot flatter or burden the next.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomFillSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { FULL_EXTENSIONS, PIPELINING_EXTENSIONS } from '../sink-server.js';
import { createClient } from '../clients.js';
import { attachmentMessage } from '../messages.js';
import { LoopProbe, collectGarbage } from '../probes.js';
import { boundRow, infoRow, ratioRow } from '../scenario.js';
const ATTACHMENT_BYTES = 50 * 1024 * 1024;
const MB = 1024 * 1024;
const ONE_MESSAGE = { pool: false };
const CONTENDERS = [
    { name: 'ours', side: 'ours', settings: ONE_MESSAGE },
    { name: 'nodemailer', side: 'nodemailer', settings: ONE_MESSAGE },
];
/** Random bytes, as a compressed file would be: nothing for an encoder to take a shortcut on. */
function randomContent() {
    return randomFillSync(Buffer.allocUnsafe(ATTACHMENT_BYTES));
}
async function writeTempFile() {
    const dir = await mkdtemp(join(tmpdir(), 'smtp-bench-'));
    const path = join(dir, 'export.bin');
    const file = await open(path, 'w');
    for (let written = 0; written < ATTACHMENT_BYTES; written += MB)
        await file.write(randomFillSync(Buffer.allocUnsafe(MB)));
    await file.close();
    return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
/**
 * One source over one body path. The targets hold whatever the server offers, so the DATA-only groups (a server
 * without CHUNKING) are judged by the same bounds as the BDAT ones.
 */
function group(id, title, params, memoryBoundMb, extensions, runs) {
    const self = {
        id,
        title,
        sink: { latencyMs: 0, extensions },
        contenders: CONTENDERS,
        runs,
        params,
        execArgv: ['--expose-gc'],
        check: (results) => [
            boundRow(self, results, { metric: 'rssGrowth', label: 'RSS growth MB', ours: 'ours', bound: memoryBoundMb, strict: true, scale: MB }),
            params.source === 'buffer'
                ? boundRow(self, results, { metric: 'maxStallMs', label: 'max loop stall ms', ours: 'ours', bound: 50, strict: true })
                : infoRow(self, results, { metric: 'maxStallMs', label: 'max loop stall ms', ours: 'ours' }),
            ratioRow(self, results, { metric: 'wallMs', label: 'time ms', ours: 'ours', bound: 1, direction: 'at-most' }),
            infoRow(self, results, { metric: 'heapGrowth', label: 'heap+external growth MB', ours: 'ours', scale: MB }),
        ],
    };
    return self;
}
/** Child side: baseline memory with the content ready and the library loaded, then send and watch. */
async function measureAttachment(task) {
    const client = await createClient(task.contender.side, { port: task.port, ...task.contender.settings });
    const content = task.params.source === 'buffer' ? randomContent() : createReadStream(String(task.params.path));
    await collectGarbage();
    const probe = new LoopProbe(5);
    probe.start();
    const started = performance.now();
    await client.send(attachmentMessage(content));
    const wallMs = performance.now() - started;
    const report = probe.stop();
    await client.close();
    return { messages: 1, wallMs, maxStallMs: report.maxStallMs, rssGrowth: report.rssGrowth, heapGrowth: report.heapGrowth };
}
export const attachmentScenario = {
    id: '4',
    name: 'attachment',
    async prepare() {
        const file = await writeTempFile();
        const buffer = { source: 'buffer' };
        const stream = { source: 'file', path: file.path };
        return {
            groups: [
                group('4a', '50 MB attachment from a Buffer', buffer, 32, FULL_EXTENSIONS, 5),
                group('4b', '50 MB attachment from a file stream', stream, 16, FULL_EXTENSIONS, 5),
                group('4c', '50 MB from a Buffer, DATA only', buffer, 32, PIPELINING_EXTENSIONS, 3),
                group('4d', '50 MB from a file stream, DATA only', stream, 16, PIPELINING_EXTENSIONS, 3),
            ],
            cleanup: file.remove,
        };
    },
    measure: measureAttachment,
};
//# sourceMappingURL=attachment.js.map