/**
 * The README's Nest quick start is docs/examples/quick-start/, included into the README by the builder; these
 * tests compile those files and run them: the module against a real SMTP server, the health route over HTTP,
 * and the MailerTestingModule example's own assertions.
 */
import 'reflect-metadata';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppModule } from '../../docs/examples/quick-start/app.module.js';
import { WelcomeService } from '../../docs/examples/quick-start/welcome.service.js';
// The unit-test example is a spec of its own: importing it registers its describe/it blocks in this file.
import '../../docs/examples/quick-start/welcome.service.spec-example.js';
import { buildReadme } from '../../docs/build-readme.mjs';
import { startSmtpServer } from '../helpers/smtp-server.js';
import type { TestSmtpServer } from '../helpers/smtp-server.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const QUICK_START = ['app.module.ts', 'welcome.service.ts', 'health.controller.ts', 'welcome.service.spec-example.ts'];

/**
 * Type-checks the example files (docs/examples/tsconfig.json) in a child process, so the other tests run meanwhile;
 * resolves with the diagnostics printed and the exit status.
 */
function typeCheckExamples(): Promise<{ status: number; output: string }> {
  const script = join(ROOT, 'test', 'helpers', 'type-check.mjs');
  return new Promise((resolveCheck) => {
    execFile(process.execPath, [script, 'docs/examples/tsconfig.json'], { cwd: ROOT }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolveCheck({ status, output: `${stdout}${stderr}` });
    });
  });
}

describe('README quick start (docs/examples/quick-start)', () => {
  // Started first and awaited last: type-checking takes seconds, and the other tests run meanwhile.
  let typeCheck: Promise<{ status: number; output: string }>;
  let server: TestSmtpServer;
  let app: INestApplication;
  let baseUrl: string;
  const savedEnv = { MAIL_URL: process.env.MAIL_URL, MAIL_FROM: process.env.MAIL_FROM };

  beforeAll(async () => {
    typeCheck = typeCheckExamples();
    server = await startSmtpServer();
    process.env.MAIL_URL = `smtp://127.0.0.1:${server.port}`;
    process.env.MAIL_FROM = 'App <app@example.com>';
    app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await server?.close();
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await typeCheck;
  }, 240_000);

  it('WelcomeService sends the welcome mail through the server MAIL_URL names, from MAIL_FROM', async () => {
    const info = await app.get(WelcomeService).welcome('ann@example.com');
    expect(info.accepted).toEqual(['ann@example.com']);
    await server.waitForMessages(1);
    expect(server.messages[0].envelope).toEqual({ from: 'app@example.com', to: ['ann@example.com'] });
    const mail = await server.parse(0);
    expect(mail.subject).toBe('Welcome');
    expect(mail.from?.value).toEqual([{ address: 'app@example.com', name: 'App' }]);
    expect(mail.text?.trim()).toBe('Glad to have you.');
    expect(mail.messageId).toBe(info.messageId);
  });

  it('GET /health reports the mailer up', async () => {
    const res = await fetch(`${baseUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', info: { mailer: { status: 'up' } } });
  });

  it('every example file under docs/examples is in the README, included verbatim', () => {
    const readme = buildReadme(ROOT);
    const files = readdirSync(join(ROOT, 'docs', 'examples'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    expect(files).toEqual(expect.arrayContaining(QUICK_START.map((file) => join('quick-start', file))));
    for (const file of files) expect([file, readme.includes(fenced(file))]).toEqual([file, true]);
  });

  it('the example files type-check (docs/examples/tsconfig.json)', async () => {
    const { status, output } = await typeCheck;
    expect(output).toBe(''); // tsc's diagnostics, file and line, when it fails
    expect(status).toBe(0);
  }, 240_000); // a cold TypeScript program over lib/ and Nest's types: about 7 s of CPU, far longer on a busy machine
});

/** An example file (a path under docs/examples) as the README shows it: a ts fence around the file's text. */
function fenced(file: string): string {
  return '```ts\n' + readFileSync(join(ROOT, 'docs', 'examples', file), 'utf8').trimEnd() + '\n```';
}
