import { describe, it, expect } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MATRIX = 'docs/reliability.md';

interface Row {
  id: string;
  files: string[];
}

/** The rows of the matrix: lines like `| F24 | case | outcome | \`test/faults/transaction.spec.ts\` |`. */
function readRows(): Row[] {
  return readFileSync(join(ROOT, MATRIX), 'utf8')
    .split('\n')
    .map((line) => /^\| ([BF]\d+) \|.*\|([^|]*)\|\s*$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, id, tests]) => ({ id: id!, files: [...tests!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) }));
}

function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return specFiles(path);
    return entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * Row ids used as test titles, with the spec files that use them. A title is a string that opens a call:
 * `it('F24 ...'`, `describe('B24 ...'`, `it.each(...)('F19 ...'` and wrappers such as `itInNetns('F11 ...'`.
 */
function titledIds(): Map<string, Set<string>> {
  const ids = new Map<string, Set<string>>();
  // This file quotes title shapes in its comments; it holds no row's test.
  for (const file of specFiles(join(ROOT, 'test')).filter((path) => path !== fileURLToPath(import.meta.url))) {
    const path = relative(ROOT, file);
    for (const match of readFileSync(file, 'utf8').matchAll(/\(\s*['"`]([BF]\d+) /g)) {
      const files = ids.get(match[1]!) ?? new Set<string>();
      files.add(path);
      ids.set(match[1]!, files);
    }
  }
  return ids;
}

const byNumber = (a: string, b: string) => a[0]!.localeCompare(b[0]!) || Number(a.slice(1)) - Number(b.slice(1));

describe('reliability matrix', () => {
  const rows = readRows();
  const titled = titledIds();

  it('finds the rows of the matrix and the ids in test titles', () => {
    // Guards the two checks below against passing on nothing because a pattern stopped matching.
    expect(rows.length).toBeGreaterThanOrEqual(72);
    expect(titled.size).toBeGreaterThanOrEqual(66);
    expect(rows.every((row) => row.files.length > 0)).toBe(true);
  });

  it('numbers each series B and F from 1 with no gap and no repeat', () => {
    for (const series of ['B', 'F']) {
      const numbers = rows.filter((row) => row.id.startsWith(series)).map((row) => Number(row.id.slice(1)));
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    }
  });

  it('has a row for every id used in a test title', () => {
    const listed = new Set(rows.map((row) => row.id));
    expect([...titled.keys()].filter((id) => !listed.has(id)).sort(byNumber)).toEqual([]);
  });

  it('has a test whose title starts with the id for every row', () => {
    const untested = rows.map((row) => row.id).filter((id) => !titled.has(id));
    expect(untested).toEqual([]);
  });

  it('lists, for every tested row, exactly the spec files whose test titles start with its id', () => {
    const mismatches = rows
      .filter((row) => titled.has(row.id))
      .map((row) => ({ id: row.id, listed: [...row.files].sort(), holding: [...titled.get(row.id)!].sort() }))
      .filter(({ listed, holding }) => listed.join('\n') !== holding.join('\n'));
    expect(mismatches).toEqual([]);
  });
});
