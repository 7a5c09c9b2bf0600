import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { buildLibrary } from '../helpers/build-library.js';

/**
 * Where a module awaits outside any function: `await`, `for await` or `await using` at module level.
 * `require(esm)` refuses such a module graph (ERR_REQUIRE_ASYNC_MODULE), which breaks CommonJS apps.
 */
function findTopLevelAwaits(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: string[] = [];
  const report = (node: ts.Node, what: string): void => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    found.push(`${fileName}:${line + 1} ${what}`);
  };
  const visit = (node: ts.Node): void => {
    // A function body runs when called, never while the module evaluates.
    if (ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node)) return;
    if (ts.isAwaitExpression(node)) report(node, 'await');
    if (ts.isForOfStatement(node) && node.awaitModifier) report(node, 'for await');
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.AwaitUsing) report(node, 'await using');
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return found;
}

/** The relative specifiers a built file imports: `import ... from './x.js'`, `import './x.js'`, `import('./x.js')`. */
function relativeImports(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((match) => match[1]);
}

async function listJsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.js')).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('no top-level await', () => {
  it('finds module-level await, for await and await using, and nothing inside functions', () => {
    const flagged = `
      const a = await load();
      if (a) { for await (const x of a) console.log(x); }
      await using handle = open();
      export default { value: await Promise.resolve(1) };
    `;
    expect(findTopLevelAwaits('flagged.js', flagged)).toEqual([
      'flagged.js:2 await',
      'flagged.js:3 for await',
      'flagged.js:4 await using',
      'flagged.js:5 await',
    ]);
    const clean = `
      export async function f() { await g(); for await (const x of y) {} }
      export const h = async () => await g();
      class C { async m() { await g(); } static { } }
      const o = { async m() { await g(); } };
    `;
    expect(findTopLevelAwaits('clean.js', clean)).toEqual([]);
  });

  it('reads the relative imports of a built file, static, side-effect and dynamic', () => {
    const source = `import { a } from "./chunks/chunk-A.js";\nimport "../b.js";\nimport * as ns from 'node:fs';\nexport const c = () => import("./chunks/lazy-C.js");`;
    expect(relativeImports(source)).toEqual(['./chunks/chunk-A.js', '../b.js', './chunks/lazy-C.js']);
  });

  describe('in the built package', () => {
    let outDir: string;
    beforeAll(async () => {
      outDir = await buildLibrary();
    }, 120_000);
    afterAll(async () => {
      if (outDir) await rm(outDir, { recursive: true, force: true });
    });

    it('no built .js file awaits at module level, so require(esm) can load every entry', async () => {
      const files = await listJsFiles(outDir);
      const names = files.map((file) => path.relative(outDir, file));
      // The entry points and the chunks holding the code under them: a build that emitted nothing must not pass.
      expect(names).toEqual(expect.arrayContaining(['index.js', 'engine.js', 'testing.js']));
      expect(names.filter((name) => name.startsWith('chunks/')).length).toBeGreaterThan(0);
      const found: string[] = [];
      const unchecked: string[] = [];
      let imports = 0;
      for (const file of files) {
        const source = await readFile(file, 'utf8');
        found.push(...findTopLevelAwaits(path.relative(outDir, file), source));
        // Every file an import names is among those checked: the check covers all the code an entry can load.
        for (const target of relativeImports(source)) {
          imports++;
          const name = path.relative(outDir, path.resolve(path.dirname(file), target));
          if (!names.includes(name)) unchecked.push(`${path.relative(outDir, file)} -> ${target}`);
        }
      }
      expect(imports).toBeGreaterThan(0);
      expect(unchecked).toEqual([]);
      expect(found).toEqual([]);
    });
  });
});
