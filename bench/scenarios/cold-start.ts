/**
 * Scenario 9: cold start, each run a fresh process: import the library, send one message, QUIT. Ours is the
 * package as published (dist/, bundled by `npm run build`), so the scenario builds it first.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_EXTENSIONS } from '../sink-server.js';
import { infoRow, ratioRow, type Group, type Scenario } from '../scenario.js';

const ONE_MESSAGE = { pool: false };
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Builds dist/ as `npm run build` does, without its type check (`npm run bench` compiled lib/ already). */
function buildPackage(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--noCheck'], { cwd: ROOT, stdio: 'inherit' });
}

function coldStartGroup(): Group {
  const self: Group = {
    id: '9',
    title: 'cold start: import, connect, EHLO, send one, QUIT',
    sink: { latencyMs: 0, extensions: FULL_EXTENSIONS },
    contenders: [
      { name: 'ours', side: 'ours', settings: { ...ONE_MESSAGE, fromPackage: true } },
      { name: 'nodemailer', side: 'nodemailer', settings: ONE_MESSAGE },
      { name: 'floor', side: 'floor', settings: ONE_MESSAGE },
    ],
    runs: 7,
    params: {},
    entry: 'cold-start.js',
    check: (results) => [
      ratioRow(self, results, { metric: 'wallMs', label: 'wall ms (import to closed)', ours: 'ours', bound: 1, direction: 'at-most' }),
      ratioRow(self, results, { metric: 'importMs', label: 'import ms', ours: 'ours', bound: 0.5, direction: 'at-most' }),
      infoRow(self, results, { metric: 'firstMessageMs', label: 'ms to first message accepted', ours: 'ours' }),
      infoRow(self, results, { metric: 'wallMs', label: 'wall ms vs floor', ours: 'ours', theirs: 'floor' }),
    ],
  };
  return self;
}

export const coldStartScenario: Scenario = {
  id: '9',
  name: 'cold',
  async prepare() {
    buildPackage();
    return { groups: [coldStartGroup()], cleanup: async () => undefined };
  },
  measure() {
    throw new Error('scenario 9 runs in cold-start.js, not in the shared worker');
  },
};
