import { describe, it, expect, afterEach } from '@jest/globals';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReadme, expandIncludes, GENERATED_NOTE, PARTS_FILE, readPartList } from '../../docs/build-readme.mjs';

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

  it('keeps both one-line commands, the install line and the start of the Nest quick start in the first 40 lines', () => {
    const top = buildReadme(ROOT).split('\n').slice(0, 40).join('\n');
    expect(top).toContain('npm ci && npm run sample');
    expect(top).toContain('npm ci && npm test');
    expect(top).toContain('npm i nestjs-smtp @nestjs/common @nestjs/core reflect-metadata rxjs');
    expect(top).toContain('@nestjs/terminus');
    expect(top).toContain('MailerModule.forRootAsync({');
  });

  it('has exactly one level-1 heading, and every section heading is level 2 or deeper', () => {
    const headings = buildReadme(ROOT).split('\n```').filter((_, i) => i % 2 === 0).join('\n')
      .split('\n').filter((line) => /^#{1,6} /.test(line));
    expect(headings.filter((h) => h.startsWith('# '))).toEqual(['# nestjs-smtp']);
    expect(headings).toEqual(expect.arrayContaining(['## Authentication', '## Proxies', '## DKIM signing', '## Layout and tests']));
  });

  it('names no document outside the repository, and every relative link points at a file in it', () => {
    const readme = buildReadme(ROOT);
    // Upper case is how those documents are named; docs/reliability.md, in lower case, is in the repository.
    expect(readme).not.toMatch(/\bSPEC\b|\bRELIABILITY\b|\.\.\/shared/);
    expect(readme).not.toMatch(/\bthe spec\b|\bissue \d+|\bthe brief\b/i);
    const targets = [...readme.matchAll(/\]\((?!https?:|mailto:|#)([^)#\s]+)/g)].map((match) => match[1]);
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect([target, existsSync(join(ROOT, target))]).toEqual([target, true]);
  });

  it('every in-page link names a heading (GitHub anchors)', () => {
    const readme = buildReadme(ROOT);
    const prose = readme.split(/\n`{3,}/).filter((_, i) => i % 2 === 0).join('\n');
    // GitHub's slugs: lower case, punctuation dropped, spaces to hyphens.
    const slug = (heading: string) => heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/ /g, '-');
    const anchors = new Set(prose.split('\n').filter((line) => /^#{1,6} /.test(line)).map((line) => slug(line.replace(/^#+ /, ''))));
    const links = [...prose.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((link) => !anchors.has(link))).toEqual([]);
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

  it('replaces an include line with the named file in a fenced block, language from the extension', () => {
    const root = fakeRoot({
      [PARTS_FILE]: 'head.md\n',
      'head.md': '# T\n\nBefore.\n\n  <!-- include: ex/app.ts -->\n\n<!--include: ex/run.sh-->\n<!-- include: ex/notes.txt -->\nAfter.\n',
      'ex/app.ts': "export const a = 1;\n\n",
      'ex/run.sh': 'npm test\n',
      'ex/notes.txt': 'plain',
    });
    expect(buildReadme(root)).toBe(
      `# T\n${GENERATED_NOTE}\n\nBefore.\n\n\`\`\`ts\nexport const a = 1;\n\`\`\`\n\n\`\`\`sh\nnpm test\n\`\`\`\n\`\`\`\nplain\n\`\`\`\nAfter.\n`,
    );
  });

  it('fences an included file that holds backticks with a longer fence', () => {
    const code = 'const md = `\n```ts\nx\n```\n`;';
    expect(expandIncludes('<!-- include: ex/md.ts -->', 'part.md', fakeRoot({ 'ex/md.ts': code }))).toBe(`\`\`\`\`ts\n${code}\n\`\`\`\``);
  });

  it('leaves a directive that is not alone on its line as text', () => {
    const text = 'See <!-- include: ex/app.ts --> here.';
    expect(expandIncludes(text, 'part.md', fakeRoot({}))).toBe(text);
  });

  it('fails naming the part and line when an included file is missing or outside the repository', () => {
    const root = fakeRoot({ [PARTS_FILE]: 'head.md\n', 'head.md': '# T\n\n<!-- include: ex/gone.ts -->\n' });
    expect(() => buildReadme(root)).toThrow('README build: head.md line 3 includes ex/gone.ts, which does not exist');
    expect(() => expandIncludes('<!-- include: ../outside.ts -->', 'part.md', root)).toThrow(
      'README build: part.md line 1 includes ../outside.ts, which is outside the repository',
    );
  });

  it('fails when the order file is missing or empty', () => {
    expect(() => buildReadme(fakeRoot({}))).toThrow(`README build: the order file ${PARTS_FILE} does not exist`);
    expect(() => buildReadme(fakeRoot({ [PARTS_FILE]: '# nothing yet\n' }))).toThrow(`README build: ${PARTS_FILE} lists no part`);
  });
});
