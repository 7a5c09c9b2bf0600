/**
 * Throw-away consumer projects for the packed library: their dependencies installed once from the npm registry
 * into a cache outside the repository, and a fresh app directory per run that links them.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildLibrary, REPO_ROOT } from './build-library.js';

const run = promisify(execFile);

/** Where installed consumer dependencies are kept between runs. */
export const CONSUMER_CACHE_ROOT = path.join(os.tmpdir(), 'nestjs-smtp-consumers-cache');

/** A set of dependencies installed together: what a user adds to a new project. */
export interface DependencySet {
  name: string;
  dependencies: Record<string, string>;
}

/**
 * Installs every set (each in its own folder) unless a cache entry for exactly these sets and the repository's
 * lock file exists, and returns that entry's folder. A cold run installs into a private folder renamed into
 * place at the end, so an interrupted or concurrent install never leaves a half-filled entry.
 */
export async function ensureInstalled(sets: DependencySet[]): Promise<string> {
  const lock = await readFile(path.join(REPO_ROOT, 'package-lock.json'));
  const hash = createHash('sha256').update(JSON.stringify(sets)).update(lock).digest('hex').slice(0, 16);
  const entry = path.join(CONSUMER_CACHE_ROOT, hash);
  if (await exists(path.join(entry, 'complete'))) return entry;
  await mkdir(CONSUMER_CACHE_ROOT, { recursive: true });
  const partial = await mkdtemp(path.join(CONSUMER_CACHE_ROOT, `${hash}.partial-`));
  try {
    await Promise.all(sets.map(async (set) => {
      const dir = path.join(partial, set.name);
      await mkdir(dir);
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: set.name, private: true, dependencies: set.dependencies }, null, 2));
      await npm(['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], dir);
    }));
    await writeFile(path.join(partial, 'complete'), new Date().toISOString());
    await rename(partial, entry).catch(async (err: NodeJS.ErrnoException) => {
      // Another run finished the same entry first: use it.
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
      await rm(partial, { recursive: true, force: true });
    });
  } catch (err) {
    await rm(partial, { recursive: true, force: true });
    throw err;
  }
  return entry;
}

/**
 * Builds the library into a staging copy of the package and runs `npm pack` there, as a release would
 * (`files`, `exports` and all), without touching the repository's `dist/`. Resolves the tarball's path.
 */
export async function packLibrary(): Promise<string> {
  const staging = await mkdtemp(path.join(os.tmpdir(), 'nestjs-smtp-pack-'));
  await buildLibrary(path.join(staging, 'dist'));
  await cp(path.join(REPO_ROOT, 'package.json'), path.join(staging, 'package.json'));
  for (const doc of ['README.md', 'LICENSE']) {
    if (await exists(path.join(REPO_ROOT, doc))) await cp(path.join(REPO_ROOT, doc), path.join(staging, doc));
  }
  const { stdout } = await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', staging], staging);
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  return path.join(staging, packed.filename);
}

/**
 * A new app directory: its package.json and sources, a node_modules linking every package of `installed`,
 * and the tarball unpacked as node_modules/nestjs-smtp (what `npm install <tarball>` puts there, without npm
 * resolving the peers a second time).
 */
export async function createApp(options: {
  installed: string;
  tarball: string;
  packageJson: Record<string, unknown>;
  files: Record<string, string>;
}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nestjs-smtp-consumer-'));
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(options.packageJson, null, 2));
  for (const [name, content] of Object.entries(options.files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  const modules = path.join(dir, 'node_modules');
  await mkdir(modules);
  const source = path.join(options.installed, 'node_modules');
  for (const entry of await readdir(source)) {
    if (entry === '.package-lock.json') continue;
    await symlink(path.join(source, entry), path.join(modules, entry));
  }
  await run('tar', ['-xzf', options.tarball, '-C', dir]);
  await rename(path.join(dir, 'package'), path.join(modules, 'nestjs-smtp'));
  return dir;
}

async function npm(args: string[], cwd: string): Promise<{ stdout: string }> {
  try {
    return await run('npm', args, { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });
  } catch (err) {
    const failure = err as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${failure.stdout ?? ''}${failure.stderr ?? String(err)}`, { cause: err });
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

