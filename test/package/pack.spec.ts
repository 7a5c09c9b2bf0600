import { describe, it, expect, beforeAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Budget for the unpacked package. Raise it only on purpose, after checking what grew: a jump usually
 * means something was shipped by mistake (fixtures, a second build, bundled dependencies). Last raised from
 * 1 MiB when the dev inbox and mail server (about 140 kB), the outbox (65 kB) and the OpenTelemetry entry (25 kB)
 * came in: 1.04 MB of JS and declarations then, no source maps.
 */
const MAX_UNPACKED_BYTES = 1.25 * 1024 * 1024;

/** Files npm always adds beside `files`; nothing else may sit outside dist/. */
const TOP_LEVEL_FILES = ['LICENSE', 'README.md', 'package.json'];

/** Paths that belong to the repository, never to the package. */
const NOT_FOR_USERS: RegExp[] = [
  /(^|\/)(test|tests|__tests__|fixtures?)\//,
  /\.(spec|test)\.(d\.)?[cm]?[jt]sx?(\.map)?$/,
  /(^|\/)(bench|benchmarks?|dist-bench|sample|samples|examples?|dist-sample)\//,
  /\.pem$/,
  /(^|\/)(\.ci|coverage|docs)\//,
  /(^|\/)(\.jest-results\.json|jest\.config\.js|tsconfig[^/]*\.json|nest-cli\.json|package-lock\.json)$/,
];

interface PackFile {
  path: string;
  size: number;
  mode: number;
}

interface PackResult {
  files: PackFile[];
  unpackedSize: number;
}

interface PackageJson {
  bin?: Record<string, string>;
  main?: string;
  types?: string;
  exports?: unknown;
}

/** Every target path in an `exports` value: a string, an array of fallbacks or a map of conditions/subpaths. */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(exportTargets);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

/** Whether a package path ("./dist/x.js", possibly with a `*` pattern) names a file in the tarball. */
function isShipped(target: string, shipped: string[]): boolean {
  const path = target.replace(/^\.\//, '');
  if (!path.includes('*')) return shipped.includes(path);
  const pattern = new RegExp(`^${path.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);
  return shipped.some((file) => pattern.test(file));
}

describe('the published package (npm pack)', () => {
  let pack: PackResult;
  let paths: string[];
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as PackageJson;

  beforeAll(async () => {
    // `npm pack` runs the `prepack` script, which cleans and rebuilds dist/ the way `npm publish` does.
    // Building here instead would let a publish from a clean checkout ship no dist/ while this test passed.
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 })
      .catch((err: { stdout?: string; stderr?: string }) => {
        throw new Error(`npm pack failed:\n${err.stderr ?? ''}${err.stdout ?? String(err)}`);
      });
    [pack] = JSON.parse(stdout) as PackResult[];
    paths = pack.files.map((file) => file.path).sort();
  }, 300_000);

  it('ships only dist/, README.md, LICENSE and package.json', () => {
    expect(paths.filter((path) => !path.startsWith('dist/') && !TOP_LEVEL_FILES.includes(path))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(TOP_LEVEL_FILES));
  });

  it('ships no tests, fixtures, benchmarks, samples or repository tooling', () => {
    expect(paths.filter((path) => NOT_FOR_USERS.some((pattern) => pattern.test(path)))).toEqual([]);
  });

  it('ships source maps only for shipped library files, never for tests', () => {
    const maps = paths.filter((path) => path.endsWith('.map'));
    expect(maps.filter((map) => !paths.includes(map.slice(0, -'.map'.length)))).toEqual([]);
    // dist/ was just built by prepack: read each map to see which sources it points at.
    const testSources = maps.flatMap((map) => {
      const { sources } = JSON.parse(readFileSync(`${ROOT}${map}`, 'utf8')) as { sources: string[] };
      return sources.filter((source) => !/^(\.\.\/)+lib\//.test(source)).map((source) => `${map}: ${source}`);
    });
    expect(testSources).toEqual([]);
  });

  it('ships every file package.json points at: each exports condition, main and types', () => {
    const targets = [...exportTargets(pkg.exports), pkg.main, pkg.types].filter((t): t is string => typeof t === 'string');
    expect(targets).toEqual(expect.arrayContaining(['./dist/index.js', './dist/engine.js', './package.json']));
    expect(targets.filter((target) => !isShipped(target, paths))).toEqual([]);
  });

  it('ships the nestjs-smtp command: an executable dist/cli.js that starts with a node shebang', () => {
    expect(pkg.bin).toEqual({ 'nestjs-smtp': './dist/cli.js' });
    const cli = pack.files.find((file) => file.path === 'dist/cli.js');
    expect(cli).toBeDefined();
    // npm sets the mode of a bin on install as well; executable in the tarball, it also runs unpacked by hand.
    expect(cli!.mode & 0o111).toBe(0o111);
    expect(readFileSync(`${ROOT}dist/cli.js`, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it(`stays under its unpacked size budget (${MAX_UNPACKED_BYTES} bytes)`, () => {
    expect(pack.unpackedSize).toBeGreaterThan(0);
    expect(pack.unpackedSize).toBeLessThan(MAX_UNPACKED_BYTES);
  });
});
