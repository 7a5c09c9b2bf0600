import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HIDDEN = ['bullmq', 'ioredis'];

/** An app directory with a copy of lib/ and every installed package linked except bullmq and ioredis. */
async function makeAppWithoutBullMq(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nestjs-smtp-no-bullmq-'));
  const modules = path.join(dir, 'node_modules');
  await mkdir(modules);
  for (const entry of await readdir(path.join(ROOT, 'node_modules'))) {
    if (entry.startsWith('.') || HIDDEN.includes(entry)) continue;
    await symlink(path.join(ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  await cp(path.join(ROOT, 'lib'), path.join(dir, 'lib'), { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  await writeFile(path.join(dir, 'check.mjs'), CHECK_SCRIPT);
  return dir;
}

/** Loads the main entry, then tries an outbox directly and through the Nest module. */
const CHECK_SCRIPT = `
import 'reflect-metadata';
const main = await import('./lib/index.js');
const { Test } = await import('@nestjs/testing');
const outcome = (promise) => promise.then(() => 'created', (err) => ({ name: err.name, code: err.code, message: err.message }));
const bullmqMissing = await import('bullmq').then(() => false, (err) => err.code === 'ERR_MODULE_NOT_FOUND');
const transport = main.createTransport({ host: '127.0.0.1', port: 1 });
const results = {
  bullmqMissing,
  loaded: typeof main.MailOutbox === 'function' && typeof main.MailerModule === 'function',
  direct: await outcome(main.MailOutbox.create({ transport, connection: 'redis://127.0.0.1:1' })),
  nest: await outcome(Test.createTestingModule({
    imports: [main.MailerModule.forRoot({ transport: { host: '127.0.0.1', port: 1, logger: false }, queue: { connection: 'redis://127.0.0.1:1' } })],
  }).compile()),
  withoutQueue: await outcome(Test.createTestingModule({ imports: [main.MailerModule.forRoot({ transport: { host: '127.0.0.1', port: 1, logger: false } })] }).compile()),
};
console.log(JSON.stringify(results));
`;

describe('the outbox without bullmq installed', () => {
  let dir: string | undefined;

  beforeAll(async () => {
    dir = await makeAppWithoutBullMq();
  }, 60_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the main entry loads; creating an outbox is ECONFIG naming the package, and mailers without a queue start', async () => {
    const { stdout } = await run(process.execPath, ['--import', path.join(ROOT, 'test/helpers/register-ts.mjs'), 'check.mjs'], {
      cwd: dir,
      env: { ...process.env, NODE_PATH: '' },
    });
    const results = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    const missing = { name: 'SmtpError', code: 'ECONFIG', message: expect.stringContaining('needs the package "bullmq": npm install bullmq ioredis') };
    expect(results).toEqual({
      bullmqMissing: true,
      loaded: true,
      direct: missing,
      nest: { ...missing, message: expect.stringMatching(/^mailer "default": queue: .*needs the package "bullmq"/) },
      withoutQueue: 'created',
    });
  }, 30_000);
});
