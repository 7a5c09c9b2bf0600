import { describe, it, expect, afterEach } from '@jest/globals';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReadme, GENERATED_NOTE, PARTS_FILE, readPartList } from '../../docs/build-readme.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway repository root holding the given files. */
function fakeRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'nestjs-smtp-readme-'));
  scratch.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('README build', () => {
  it('the committed README.md is exactly a fresh build of its parts (run npm run docs)', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toBe(buildReadme(ROOT));
  });

  it('keeps the title on line 1 and the generated-file note on line 2', () => {
    const lines = buildReadme(ROOT).split('\n');
    expect(lines[0]).toBe('# nestjs-smtp');
    expect(lines[1]).toBe(GENERATED_NOTE);
    expect(GENERATED_NOTE).toMatch(/^<!-- generated from docs\/readme-parts\.txt by npm run docs; edit the parts, not this file -->$/);
  });

  it('keeps both one-line commands in the first 40 lines', () => {
    const top = buildReadme(ROOT).split('\n').slice(0, 40).join('\n');
    expect(top).toContain('npm ci && npm run sample');
    expect(top).toContain('npm ci && npm test');
  });

  it('has exactly one level-1 heading, and every section heading is level 2 or deeper', () => {
    const headings = buildReadme(ROOT).split('\n```').filter((_, i) => i % 2 === 0).join('\n')
      .split('\n').filter((line) => /^#{1,6} /.test(line));
    expect(headings.filter((h) => h.startsWith('# '))).toEqual(['# nestjs-smtp']);
    expect(headings).toEqual(expect.arrayContaining(['## Authentication', '## Proxies', '## DKIM signing', '## Layout and tests']));
  });

  it('lists each part once', () => {
    const paths = readPartList(ROOT).map((part) => part.path);
    expect(paths.length).toBeGreaterThan(1);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('joins parts in the listed order, one blank line apart, ignoring comments and blank lines', () => {
    const root = fakeRoot({
      [PARTS_FILE]: '# order\n\nb.md\na/part.md\n',
      'a/part.md': '## Second\n\ntext\n\n\n',
      'b.md': '# Title\n\nintro\n',
    });
    expect(buildReadme(root)).toBe(`# Title\n${GENERATED_NOTE}\n\nintro\n\n## Second\n\ntext\n`);
  });

  it('fails naming the part and its line when a listed part is missing', () => {
    const root = fakeRoot({ [PARTS_FILE]: 'head.md\nlib/gone/README-section.md\n', 'head.md': '# T\n' });
    expect(() => buildReadme(root)).toThrow('README build: lib/gone/README-section.md (listed on line 2 of docs/readme-parts.txt) does not exist');
  });

  it('fails when the order file is missing or empty', () => {
    expect(() => buildReadme(fakeRoot({}))).toThrow(`README build: the order file ${PARTS_FILE} does not exist`);
    expect(() => buildReadme(fakeRoot({ [PARTS_FILE]: '# nothing yet\n' }))).toThrow(`README build: ${PARTS_FILE} lists no part`);
  });
});
