/** Builds the package (bundled JS and .d.ts, no type check) into a fresh directory outside the repository, for package-level tests. */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs the package build (`scripts/build.mjs`: tsc, then the esbuild bundles, as `npm run build` does) with its
 * output in `outDir` (a new temp dir by default), so that tests running side by side never share the repository's
 * `dist/`. `--noCheck`: the type check is `npm test`'s own step, and consumers type-check the emitted declarations
 * themselves.
 */
export async function buildLibrary(outDir?: string): Promise<string> {
  const target = outDir ?? (await mkdtemp(path.join(os.tmpdir(), 'nestjs-smtp-build-')));
  await run(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), '--outDir', target, '--noCheck'], { cwd: REPO_ROOT }).catch(
    (err: { stdout?: string; stderr?: string }) => {
      throw new Error(`the library does not build:\n${err.stdout ?? ''}${err.stderr ?? String(err)}`);
    },
  );
  return target;
}
