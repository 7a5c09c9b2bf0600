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
import { FULL_EXTENSIONS } from '../sink-server.js';
import { createClient } from '../clients.js';
import { attachmentMessage } from '../messages.js';
import { LoopProbe, collectGarbage } from '../probes.js';
import { boundRow, infoRow, ratioRow, type Contender, type Group, type RunResult, type Scenario, type WorkerTask } from '../scenario.js';

const ATTACHMENT_BYTES = 50 * 1024 * 1024;
const MB = 1024 * 1024;
const ONE_MESSAGE = { pool: false };
const CONTENDERS: Contender[] = [
  { name: 'ours', side: 'ours', settings: ONE_MESSAGE },
  { name: 'nodemailer', side: 'nodemailer', settings: ONE_MESSAGE },
];

/** Random bytes, as a compressed file would be: nothing for an encoder to take a shortcut on. */
function randomContent(): Buffer {
  return randomFillSync(Buffer.allocUnsafe(ATTACHMENT_BYTES));
}

async function writeTempFile(): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'smtp-bench-'));
  const path = join(dir, 'export.bin');
  const file = await open(path, 'w');
  for (let written = 0; written < ATTACHMENT_BYTES; written += MB) await file.write(randomFillSync(Buffer.allocUnsafe(MB)));
  await file.close();
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

function group(id: string, title: string, params: Group['params'], memoryBoundMb: number): Group {
  const self: Group = {
    id,
    title,
    sink: { latencyMs: 0, extensions: FULL_EXTENSIONS },
    contenders: CONTENDERS,
    runs: 5,
    params,
    execArgv: ['--expose-gc'],
    check: (results) => [
      boundRow(self, results, { metric: 'rssGrowth', label: 'RSS growth MB', ours: 'ours', bound: memoryBoundMb, strict: true, scale: MB }),
      id === '4a'
        ? boundRow(self, results, { metric: 'maxStallMs', label: 'max loop stall ms', ours: 'ours', bound: 50, strict: true })
        : infoRow(self, results, { metric: 'maxStallMs', label: 'max loop stall ms', ours: 'ours' }),
      ratioRow(self, results, { metric: 'wallMs', label: 'time ms', ours: 'ours', bound: 1, direction: 'at-most' }),
      infoRow(self, results, { metric: 'heapGrowth', label: 'heap+external growth MB', ours: 'ours', scale: MB }),
    ],
  };
  return self;
}

/** Child side: baseline memory with the content ready and the library loaded, then send and watch. */
async function measureAttachment(task: WorkerTask): Promise<RunResult> {
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

export const attachmentScenario: Scenario = {
  id: '4',
  name: 'attachment',
  async prepare() {
    const file = await writeTempFile();
    return {
      groups: [
        group('4a', '50 MB attachment from a Buffer', { source: 'buffer' }, 32),
        group('4b', '50 MB attachment from a file stream', { source: 'file', path: file.path }, 16),
      ],
      cleanup: file.remove,
    };
  },
  measure: measureAttachment,
};
