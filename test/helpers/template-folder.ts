/** Template folders written for one test (broken ones, mostly), removed after each test. */
import { afterEach } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Returns a function that writes `files` (relative path -> content) into a new temporary folder and returns its
 * absolute path. Call at the top of a spec file; every folder is removed after the test that made it.
 */
export function templateFoldersRemovedAfterEach(): (files: Record<string, string>) => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async (files) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nestjs-smtp-templates-'));
    made.push(dir);
    for (const [relative, content] of Object.entries(files)) {
      const file = path.join(dir, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
    }
    return dir;
  };
}
