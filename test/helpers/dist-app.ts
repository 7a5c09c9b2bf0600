/**
 * Throw-away Nest applications (ESM and CommonJS) that depend on nestjs-smtp the way a user's do: sources in
 * `src/`, templates in `src/mail/templates/`, built with `tsc` to `dist/` plus an assets copy (what `nest build`
 * does with `"assets": ["mail/templates/**\/*"]`), run with `node dist/main.js`.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildLibrary, REPO_ROOT as ROOT } from './build-library.js';

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const TEMPLATES_FIXTURE = fileURLToPath(new URL('../fixtures/dist-app/mail/templates', import.meta.url));

/** Output and exit of a finished child process. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, collecting its output. */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Finished> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function mustRun(what: string, command: string, args: string[], cwd: string): Promise<void> {
  const result = await run(command, args, { cwd });
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.stdout}${result.stderr}`);
}

/** How the app is compiled and loaded: an ESM app, or a CommonJS one (what `nest new` still creates). */
export type AppFormat = 'module' | 'commonjs';

/** The application's files, as a user would write them; the two formats differ in three places. */
const appFiles = (format: AppFormat): Record<string, string> => ({
  'package.json': JSON.stringify(
    {
      name: `mail-app-${format}`,
      private: true,
      type: format,
      scripts: { build: 'tsc -p tsconfig.json && node scripts/copy-assets.mjs', start: 'node dist/main.js' },
      dependencies: { 'nestjs-smtp': '*', '@nestjs/common': '^12.0.0', '@nestjs/core': '^12.0.0', handlebars: '^4.7.0' },
    },
    null,
    2,
  ),
  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['ES2023'],
        types: ['node'],
        rootDir: 'src',
        outDir: 'dist',
        strict: true,
        isolatedModules: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        skipLibCheck: true,
      },
      include: ['src'],
    },
    null,
    2,
  ),
  'nest-cli.json': JSON.stringify(
    { collection: '@nestjs/schematics', sourceRoot: 'src', compilerOptions: { assets: ['mail/templates/**/*'], watchAssets: true } },
    null,
    2,
  ),
  // `nest build` copies `assets` from sourceRoot to outDir; @nestjs/cli 12 needs Node 22, so this does the same.
  'scripts/copy-assets.mjs': `import { cp, readFile } from 'node:fs/promises';
const cli = JSON.parse(await readFile('nest-cli.json', 'utf8'));
const outDir = JSON.parse(await readFile('tsconfig.json', 'utf8')).compilerOptions.outDir;
for (const pattern of cli.compilerOptions.assets) {
  // The folder before the first wildcard is copied whole: "mail/templates/**/*" copies mail/templates.
  const base = pattern.slice(0, pattern.search(/[*?[{]/)).replace(/\\/$/, '');
  await cp(\`\${cli.sourceRoot}/\${base}\`, \`\${outDir}/\${base}\`, { recursive: true });
}
`,
  'src/main.ts': `import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { WelcomeService } from './welcome.service.js';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { abortOnError: false, logger: ['error', 'warn'] });
  const info = await app.get(WelcomeService).welcome(process.env.MAIL_TO ?? 'ann@example.test', 'Ann');
  process.stdout.write(JSON.stringify({ messageId: info.messageId, accepted: info.accepted, cwd: process.cwd() }) + '\\n');
  await app.close();
}
${format === 'module' ? 'await main();' : 'void main().catch((err: unknown) => {\n  console.error(err);\n  process.exitCode = 1;\n});'}
`,
  'src/mail/mail-contexts.ts': `/** Each template's context. */
export interface MailContexts {
  welcome: { name: string; plan: 'free' | 'pro'; company: string };
}
`,
  'src/app.module.ts': `import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { MailerModule } from 'nestjs-smtp';
import { handlebarsTemplates } from 'nestjs-smtp/templates';
import type { MailContexts } from './mail/mail-contexts.js';
import { WelcomeService } from './welcome.service.js';

/** Resolved from this file, so the app finds dist/mail/templates whatever the working directory. */
export const templates = handlebarsTemplates<MailContexts>({ dir: join(${format === 'module' ? 'import.meta.dirname' : '__dirname'}, 'mail/templates'), names: ['welcome'] });

@Module({
  imports: [
    MailerModule.forRoot({
      transport: { host: '127.0.0.1', port: Number(process.env.SMTP_PORT), connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 5000 },
      defaults: { from: 'App <app@example.test>' },
      templates,
    }),
  ],
  providers: [WelcomeService],
})
export class AppModule {}
`,
  'src/welcome.service.ts': `import { Injectable } from '@nestjs/common';
import { MailerService } from 'nestjs-smtp';
import type { TemplateContexts } from 'nestjs-smtp/templates';
import type { templates } from './app.module.js';

@Injectable()
export class WelcomeService {
  constructor(private readonly mailer: MailerService<TemplateContexts<typeof templates>>) {}

  welcome(to: string, name: string) {
    return this.mailer.sendMail({ to, template: 'welcome', context: { name, plan: 'pro', company: 'Example & Co' } });
  }
}
`,
});

/**
 * The `node_modules` the apps under `workDir` share: a link to each package of the repository's node_modules
 * (Nest, handlebars, types), so nothing is installed, plus `nestjs-smtp` as a real folder holding the repository's
 * package.json and the library built into its `dist/`. A real folder rather than a link to the repository: Node
 * resolves a module from its real path, so the library's own imports (`@nestjs/common`) must find the apps'
 * copies, the very ones the apps load. Building here also leaves the repository's dist/ alone (the package
 * test rebuilds it, maybe at the same time).
 */
export async function prepareWorkspace(workDir: string): Promise<void> {
  const modules = join(workDir, 'node_modules');
  await mkdir(modules, { recursive: true });
  for (const entry of await readdir(join(ROOT, 'node_modules'))) {
    if (entry === '.bin' || entry === 'nestjs-smtp' || entry.startsWith('.')) continue;
    await symlink(join(ROOT, 'node_modules', entry), join(modules, entry));
  }
  const packageDir = join(modules, 'nestjs-smtp');
  await mkdir(packageDir);
  await writeFile(join(packageDir, 'package.json'), await readFile(join(ROOT, 'package.json')));
  await buildLibrary(join(packageDir, 'dist'));
}

/**
 * Writes an app into `appDir` (inside a prepared workspace) and builds it as its `build` script does: `tsc`
 * with a full type check against the library's declarations, then the assets copy.
 */
export async function buildDistApp(appDir: string, format: AppFormat): Promise<void> {
  for (const [path, content] of Object.entries(appFiles(format))) {
    await mkdir(dirname(join(appDir, path)), { recursive: true });
    await writeFile(join(appDir, path), content);
  }
  await cp(TEMPLATES_FIXTURE, join(appDir, 'src/mail/templates'), { recursive: true });
  await mustRun('tsc in the app', process.execPath, [TSC, '-p', 'tsconfig.json'], appDir);
  await mustRun('copying the assets', process.execPath, ['scripts/copy-assets.mjs'], appDir);
}
