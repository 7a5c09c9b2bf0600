import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HIDDEN_SCOPE = '@opentelemetry';

/**
 * An app directory outside the repository with the library's sources and a node_modules that links every
 * installed package except the @opentelemetry ones: what an app without the optional peer has. The sources run
 * through the test TypeScript hooks, so no build is needed.
 */
async function makeAppWithoutOpenTelemetry(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nestjs-smtp-no-otel-'));
  const modules = path.join(dir, 'node_modules');
  await mkdir(modules);
  for (const entry of await readdir(path.join(ROOT, 'node_modules'))) {
    if (entry.startsWith('.') || entry === HIDDEN_SCOPE) continue;
    await symlink(path.join(ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  await cp(path.join(ROOT, 'lib'), path.join(dir, 'lib'), { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  await writeFile(path.join(dir, 'check.ts'), CHECK_SCRIPT);
  return dir;
}

/** Loads the main and engine entries, sends one message, then calls instrumentSmtp. */
const CHECK_SCRIPT = `
import 'reflect-metadata';
let apiHidden = false;
try { await import('@opentelemetry/api'); } catch (err) { apiHidden = err.code === 'ERR_MODULE_NOT_FOUND'; }
const main = await import('./lib/index.js');
const engine = await import('./lib/engine.js');
const otel = await import('./lib/otel.js');
const transport = engine.createTransport({ host: '127.0.0.1', port: Number(process.env.SMTP_PORT) });
const info = await transport.sendMail({ from: 'app@example.com', to: 'ann@example.com', subject: 'no otel', text: 'still works' });
await transport.close();
let instrumented;
try { await otel.instrumentSmtp(); instrumented = 'no error'; } catch (err) { instrumented = { name: err.name, code: err.code, message: err.message }; }
console.log(JSON.stringify({ apiHidden, mainLoaded: typeof main.MailerModule, accepted: info.accepted, sendChannel: otel.SEND_CHANNEL, instrumented }));
`;

describe('nestjs-smtp/otel without @opentelemetry/api installed', () => {
  let dir: string;
  let server: TestSmtpServer;

  beforeAll(async () => {
    const making = makeAppWithoutOpenTelemetry().then((made) => (dir = made));
    const starting = startSmtpServer().then((started) => (server = started));
    await Promise.all([making, starting]);
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the main, engine and otel entries load and send; instrumentSmtp says which package to install', async () => {
    const { stdout } = await run(process.execPath, ['--import', path.join(ROOT, 'test/helpers/register-ts.mjs'), 'check.ts'], {
      cwd: dir,
      env: { ...process.env, SMTP_PORT: String(server.port), NODE_PATH: '' },
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(result).toEqual({
      apiHidden: true,
      mainLoaded: 'function',
      accepted: ['ann@example.com'],
      sendChannel: 'nestjs-smtp:send',
      instrumented: {
        name: 'SmtpError',
        code: 'ECONFIG',
        message: 'instrumentSmtp needs the package "@opentelemetry/api" (an optional peer dependency): npm install @opentelemetry/api',
      },
    });
    expect(server.messages).toHaveLength(1);
  }, 30_000);
});
