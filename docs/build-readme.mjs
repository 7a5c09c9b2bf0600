#!/usr/bin/env node
/**
 * Builds README.md from the parts listed in docs/readme-parts.txt, so each area's documentation lives beside
 * its code. Parts are joined as written, one blank line apart: each part owns its heading levels.
 * A line `<!-- include: path/to/file.ts -->` in a part is replaced by that file as a fenced code block, so code
 * shown in the README is the code a test compiles and runs (docs/examples/).
 * `npm run docs` writes README.md; test/docs/readme.spec.ts compares the committed file with a fresh build.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The order file, relative to the repository root: one part path a line; blank lines and `#` lines are ignored. */
export const PARTS_FILE = 'docs/readme-parts.txt';

/** The marker put on the README's second line, right under the title, where no renderer shows it. */
export const GENERATED_NOTE = `<!-- generated from ${PARTS_FILE} by npm run docs; edit the parts, not this file -->`;

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A whole line `<!-- include: <path> -->`; the path is relative to the repository root. */
export const INCLUDE_DIRECTIVE = /^<!--\s*include:\s*(\S+)\s*-->$/;

/** The fence language for an included file, by extension; none for an extension not listed. */
const FENCE_LANGUAGES = { ts: 'ts', mts: 'ts', js: 'js', mjs: 'js', json: 'json', sh: 'sh', yml: 'yaml', yaml: 'yaml' };

/**
 * Reads the order file and returns the part paths in order.
 * @throws Error when the order file is missing or lists no part.
 */
export function readPartList(root = REPO_ROOT) {
  const listPath = join(root, PARTS_FILE);
  if (!existsSync(listPath)) throw new Error(`README build: the order file ${PARTS_FILE} does not exist`);
  const parts = readFileSync(listPath, 'utf8')
    .split('\n')
    .map((line, index) => ({ path: line.trim(), line: index + 1 }))
    .filter(({ path }) => path !== '' && !path.startsWith('#'));
  if (parts.length === 0) throw new Error(`README build: ${PARTS_FILE} lists no part`);
  return parts;
}

/**
 * Returns the README text built from the parts, without writing anything.
 * @throws Error naming the part and its line in the order file when a listed part does not exist.
 */
export function buildReadme(root = REPO_ROOT) {
  const texts = readPartList(root).map(({ path, line }) => {
    const file = join(root, path);
    // A part left out silently would drop a whole section from the README; stop instead.
    if (!existsSync(file)) throw new Error(`README build: ${path} (listed on line ${line} of ${PARTS_FILE}) does not exist`);
    return expandIncludes(readFileSync(file, 'utf8').trimEnd(), path, root);
  });
  const [titleLine, ...rest] = texts.join('\n\n').split('\n');
  return [titleLine, GENERATED_NOTE, ...rest].join('\n') + '\n';
}

/**
 * Replaces each include line of a part with the named file in a fenced block.
 * @throws Error naming the part and its line when the file is missing or lies outside the repository.
 */
export function expandIncludes(text, partPath, root = REPO_ROOT) {
  return text
    .split('\n')
    .map((line, index) => {
      const match = INCLUDE_DIRECTIVE.exec(line.trim());
      if (!match) return line;
      const where = `${partPath} line ${index + 1}`;
      const target = resolve(root, match[1]);
      // Only the repository's own files: the README must build the same on every checkout.
      if (relative(root, target).startsWith('..') || isAbsolute(relative(root, target))) {
        throw new Error(`README build: ${where} includes ${match[1]}, which is outside the repository`);
      }
      if (!existsSync(target)) throw new Error(`README build: ${where} includes ${match[1]}, which does not exist`);
      const code = readFileSync(target, 'utf8').trimEnd();
      // A fence longer than any backtick run in the file, so the file cannot close it early.
      const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
      const fence = '`'.repeat(Math.max(3, longest + 1));
      const language = FENCE_LANGUAGES[extname(target).slice(1)] ?? '';
      return `${fence}${language}\n${code}\n${fence}`;
    })
    .join('\n');
}

/** Writes README.md at the repository root; returns its path. */
export function writeReadme(root = REPO_ROOT) {
  const target = join(root, 'README.md');
  writeFileSync(target, buildReadme(root));
  return target;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    console.log(`wrote ${writeReadme()}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
