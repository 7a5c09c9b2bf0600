import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { createApp, ensureInstalled, packLibrary, type DependencySet } from '../helpers/consumer-apps.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';

const run = promisify(execFile);

/** What a Nest 12 user installs next to the package (peers as a user gets them from the registry). */
const NEST_APP_DEPENDENCIES: DependencySet = {
  name: 'nest-app',
  dependencies: {
    '@nestjs/common': '^12.0.0',
    '@nestjs/core': '^12.0.0',
    '@nestjs/platform-express': '^12.0.0',
    '@nestjs/terminus': '^12.0.0',
    'reflect-metadata': '^0.2.0',
    rxjs: '^7.8.0',
    typescript: '6.0.3',
    '@types/node': '^20.19.0',
  },
};

/** A plain Node project: no Nest at all. */
const PLAIN_DEPENDENCIES: DependencySet = {
  name: 'plain-node',
  dependencies: { typescript: '6.0.3', '@types/node': '^20.19.0' },
};

/** Each consumer's own tsconfig: strict, and our .d.ts files are type-checked too (no skipLibCheck). */
function tsconfig(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      skipLibCheck: false,
      types: ['node'],
      rootDir: 'src',
      outDir: 'dist',
      ...extra,
    },
    include: ['src'],
  }, null, 2);
}

const NEST_TSCONFIG = tsconfig({ experimentalDecorators: true, emitDecoratorMetadata: true });

/**
 * How each app loads `nestjs-smtp/otel` at run time: `require()` in the CommonJS app (the exports map's `default`
 * condition), `import()` in the ESM one. Neither is a static import, which would make tsc read the entry's
 * declarations: they name `@opentelemetry/api`'s types, and these apps, like most, did not install that optional peer.
 */
const LOAD_OTEL: Record<'cjs' | 'esm', string> = {
  cjs: "const otel = require('nestjs-smtp/otel') as OtelEntry;",
  // A string, not a literal, so that tsc leaves the entry's declarations unread.
  esm: "const entry: string = 'nestjs-smtp/otel';\n  const otel = (await import(entry)) as OtelEntry;",
};

/**
 * One Nest 12 app, the same source compiled as CommonJS or ESM: it boots, sends one message through the
 * mailer, and answers a Terminus health check that uses MailerHealthIndicator. It also loads the OpenTelemetry
 * entry without its peer installed, where `instrumentSmtp()` rejects with ECONFIG naming the package.
 */
function nestAppSource(flavour: 'cjs' | 'esm'): string {
  return `import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { MailerHealthIndicator, MailerModule, MailerService, type SentMessageInfo } from 'nestjs-smtp';
import { MailerTestingModule } from 'nestjs-smtp/testing';

@Controller('health')
class HealthController {
  constructor(private readonly health: HealthCheckService, private readonly mailer: MailerHealthIndicator) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.mailer.isHealthy('mailer')]);
  }
}

@Module({
  imports: [
    TerminusModule,
    MailerModule.forRoot({
      transport: { host: '127.0.0.1', port: Number(process.env.SMTP_PORT), connectionTimeout: 5000 },
      defaults: { from: 'app@example.com' },
    }),
  ],
  controllers: [HealthController],
})
class AppModule {}

/** The part of nestjs-smtp/otel this app calls. */
interface OtelEntry {
  instrumentSmtp(): Promise<unknown>;
  SEND_CHANNEL: string;
}

/** What instrumentSmtp() settles with when @opentelemetry/api is not installed. */
async function loadOtel(): Promise<{ channel: string; code?: string; message?: string }> {
  ${LOAD_OTEL[flavour]}
  return otel.instrumentSmtp().then(
    () => ({ channel: otel.SEND_CHANNEL, message: 'instrumentSmtp() resolved without @opentelemetry/api' }),
    (err: { code?: string; message?: string }) => ({ channel: otel.SEND_CHANNEL, code: err.code, message: err.message }),
  );
}

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'], abortOnError: false });
  await app.listen(0, '127.0.0.1');
  const info: SentMessageInfo = await app.get(MailerService).sendMail({ to: 'ann@example.com', subject: '${flavour}', text: 'sent from a ${flavour} app' });
  const response = await fetch(\`\${await app.getUrl()}/health\`);
  const health: unknown = await response.json();
  await app.close();
  const otel = await loadOtel();
  console.log(JSON.stringify({ accepted: info.accepted, status: response.status, health, testing: typeof MailerTestingModule.forRoot, otel }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
`;
}

/** A CommonJS script on the engine entry alone, in a project without Nest. */
const ENGINE_SCRIPT = `import { createTransport, SmtpError, type SmtpOptions } from 'nestjs-smtp/engine';

function isInstalled(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const options: SmtpOptions = { host: '127.0.0.1', port: Number(process.env.SMTP_PORT), connectionTimeout: 5000 };
  const transport = createTransport(options, { from: 'script@example.com' });
  const verified = await transport.verify();
  const info = await transport.sendMail({ to: 'bob@example.com', subject: 'engine', text: 'sent from a plain script' });
  await transport.close();
  let code = '';
  try {
    createTransport({ port: 0 });
  } catch (err) {
    code = err instanceof SmtpError ? err.code : 'not an SmtpError';
  }
  console.log(JSON.stringify({ verified, accepted: info.accepted, nestInstalled: isInstalled('@nestjs/common'), code }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
`;

interface Consumer {
  title: string;
  dependencies: DependencySet;
  packageJson: Record<string, unknown>;
  files: Record<string, string>;
}

const CONSUMERS: Record<'cjs' | 'esm' | 'engine', Consumer> = {
  cjs: {
    title: 'CommonJS Nest 12 app',
    dependencies: NEST_APP_DEPENDENCIES,
    // No "type": CommonJS, as `nest new` and `nest upgrade` leave it.
    packageJson: { name: 'cjs-app', private: true },
    files: { 'tsconfig.json': NEST_TSCONFIG, 'src/main.ts': nestAppSource('cjs') },
  },
  esm: {
    title: 'ESM Nest 12 app',
    dependencies: NEST_APP_DEPENDENCIES,
    packageJson: { name: 'esm-app', private: true, type: 'module' },
    files: { 'tsconfig.json': NEST_TSCONFIG, 'src/main.ts': nestAppSource('esm') },
  },
  engine: {
    title: 'plain CommonJS script on nestjs-smtp/engine, no Nest installed',
    dependencies: PLAIN_DEPENDENCIES,
    packageJson: { name: 'engine-script', private: true },
    files: { 'tsconfig.json': tsconfig(), 'src/main.ts': ENGINE_SCRIPT },
  },
};

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function runNode(args: string[], cwd: string, env: Record<string, string>, timeoutMs = 60_000): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd, env: { ...process.env, ...env }, timeout: timeoutMs, killSignal: 'SIGKILL' });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failure = err as { code?: number; killed?: boolean; stdout?: string; stderr?: string };
    const stderr = `${failure.stderr ?? ''}${failure.killed ? `\n(killed after ${timeoutMs} ms)` : ''}`;
    return { code: typeof failure.code === 'number' ? failure.code : 1, stdout: failure.stdout ?? '', stderr: stderr || String(err) };
  }
}

/**
 * Compiles an app with its own TypeScript (the version the app installed) and its own tsconfig. The
 * incremental state of an earlier run is reused, so the Nest and Node declarations that did not change are not
 * checked again; our declarations and the app's source are, on every run.
 */
async function compile(dir: string, buildInfoCache: string): Promise<void> {
  const buildInfo = path.join(dir, 'tsconfig.tsbuildinfo');
  await copyFile(buildInfoCache, buildInfo).catch(() => undefined);
  const tsc = path.join(dir, 'node_modules/typescript/bin/tsc');
  const outcome = await runNode([tsc, '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', buildInfo], dir, {}, 600_000);
  if (outcome.code !== 0) throw new Error(`tsc failed in ${dir} (exit ${outcome.code}):\n${outcome.stdout}${outcome.stderr}`);
  const staged = `${buildInfoCache}.${process.pid}`;
  await copyFile(buildInfo, staged);
  await rename(staged, buildInfoCache);
}

function lastJsonLine(outcome: Outcome): Record<string, unknown> {
  const line = outcome.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`no result printed (exit ${outcome.code}):\n${outcome.stdout}\n${outcome.stderr}`);
  }
}

describe('consumers of the packed package', () => {
  let server: TestSmtpServer;
  const apps = new Map<keyof typeof CONSUMERS, string>();
  let tarball: string;
  let installed: string;

  beforeAll(async () => {
    server = await startSmtpServer();
    let packed: string;
    [installed, packed] = await Promise.all([
      ensureInstalled([NEST_APP_DEPENDENCIES, PLAIN_DEPENDENCIES]),
      packLibrary(),
    ]);
    tarball = packed;
    for (const [key, consumer] of Object.entries(CONSUMERS) as Array<[keyof typeof CONSUMERS, Consumer]>) {
      const dir = await createApp({
        installed: path.join(installed, consumer.dependencies.name),
        tarball,
        packageJson: { ...consumer.packageJson, dependencies: { ...consumer.dependencies.dependencies, 'nestjs-smtp': `file:${tarball}` } },
        // A new first line each run: the incremental build must compile and emit the app every time.
        files: { ...consumer.files, 'src/main.ts': `// run ${randomUUID()}\n${consumer.files['src/main.ts']}` },
      });
      apps.set(key, dir);
    }
    // The three compile side by side; each test then only boots its app.
    await Promise.all([...apps.entries()].map(([key, dir]) => compile(dir, path.join(installed, `${key}.tsbuildinfo`))));
  }, 600_000);

  afterAll(async () => {
    await server?.close();
    for (const dir of apps.values()) await rm(dir, { recursive: true, force: true });
    if (tarball) await rm(path.dirname(tarball), { recursive: true, force: true });
  });

  const env = (): Record<string, string> => ({ SMTP_PORT: String(server.port) });

  it.each(['cjs', 'esm'] as const)('a %s Nest 12 app type-checks, loads nestjs-smtp, nestjs-smtp/testing and nestjs-smtp/otel, sends through MailerService and reports healthy', async (key) => {
    const outcome = await runNode(['dist/main.js'], apps.get(key) as string, env());
    const result = lastJsonLine(outcome);
    expect(outcome.code).toBe(0);
    expect(result).toMatchObject({ accepted: ['ann@example.com'], status: 200, health: { status: 'ok', info: { mailer: { status: 'up' } } }, testing: 'function' });
    // The optional peer is not installed here: the entry still loads, and instrumentSmtp() says what to install.
    expect(result.otel).toEqual({
      channel: 'nestjs-smtp:send',
      code: 'ECONFIG',
      message: 'instrumentSmtp needs the package "@opentelemetry/api" (an optional peer dependency): npm install @opentelemetry/api',
    });
    const subjects = await Promise.all(server.messages.map((_, index) => server.parse(index).then((mail) => mail.subject)));
    expect(subjects).toContain(key);
  }, 90_000);

  it('a plain CommonJS script uses nestjs-smtp/engine without Nest installed', async () => {
    const outcome = await runNode(['dist/main.js'], apps.get('engine') as string, env());
    expect(lastJsonLine(outcome)).toEqual({ verified: true, accepted: ['bob@example.com'], nestInstalled: false, code: 'ECONFIG' });
    expect(outcome.code).toBe(0);
  }, 90_000);

  it('npx nestjs-smtp runs the bin npm installed from the tarball: --help, and inbox names smtp-server when it is missing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nestjs-smtp-bin-'));
    try {
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'bin-user', private: true }));
      // A real `npm install`, so npm links the bin and sets its mode; no peers (--legacy-peer-deps), nothing fetched.
      const npmEnv = { ...process.env, npm_config_update_notifier: 'false' };
      await run('npm', ['install', tarball, '--offline', '--no-save', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env: npmEnv });
      const bin = path.join(dir, 'node_modules/nestjs-smtp/dist/cli.js');
      expect((await stat(bin)).mode & 0o111).not.toBe(0);
      expect((await readFile(bin, 'utf8')).split('\n')[0]).toBe('#!/usr/bin/env node');

      const help = await run('npx', ['--no-install', 'nestjs-smtp', '--help'], { cwd: dir, env: npmEnv, timeout: 60_000 });
      expect(help.stdout).toMatch(/^Usage: nestjs-smtp inbox \[options\]/);

      // smtp-server is an optional peer this project did not install: one line naming the command that adds it.
      // Run through the link npm made, as a program (its shebang and mode), so npm's own warnings stay out of stderr.
      const missing = await run(path.join(dir, 'node_modules/.bin/nestjs-smtp'), ['inbox', '--smtp-port', '0', '--http-port', '0'], { cwd: dir, timeout: 60_000 })
        .then(() => ({ code: 0, stderr: '' }), (err: { code?: number; stderr?: string }) => ({ code: err.code, stderr: err.stderr ?? '' }));
      expect(missing).toEqual({ code: 1, stderr: 'nestjs-smtp: the dev mail server needs the package "smtp-server": npm i -D smtp-server\n' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('the CommonJS app cannot load an import-only exports map (ERR_PACKAGE_PATH_NOT_EXPORTED), the failure the default condition prevents', async () => {
    const dir = apps.get('cjs') as string;
    const manifestPath = path.join(dir, 'node_modules/nestjs-smtp/package.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { exports: Record<string, unknown> };
    const importOnly = Object.fromEntries(Object.entries(manifest.exports).map(([key, value]) => {
      if (typeof value !== 'object' || value === null) return [key, value];
      const { default: _default, ...rest } = value as Record<string, string>;
      return [key, rest];
    }));
    await writeFile(manifestPath, JSON.stringify({ ...manifest, exports: importOnly }));
    const outcome = await runNode(['dist/main.js'], dir, env());
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  }, 90_000);
});
