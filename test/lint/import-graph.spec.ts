import { describe, expect, it } from '@jest/globals';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildImportGraph, findCycles, reachableFrom, readSpecifiers, type ImportEdge } from '../helpers/import-graph.js';

const LIB = fileURLToPath(new URL('../../lib/', import.meta.url));

/**
 * The layers of lib/, lowest first. A file may import files of its own unit (folder, or the entry file itself) and
 * of units with a lower rank; units of the same rank never import each other. A folder or top-level file missing
 * here fails the test: place it in the table first.
 */
const RANK: Record<string, number> = {
  core: 0,
  smtp: 1,
  mime: 1,
  transport: 2,
  // Optional features beside the Nest layer; none of them is part of the engine.
  templates: 3,
  dev: 3,
  queue: 3,
  otel: 3,
  // The Nest layer may wire the features in.
  nest: 4,
  'engine.ts': 5,
  'index.ts': 6,
  'testing.ts': 6,
  'templates.ts': 6,
  'dev.ts': 6,
  'otel.ts': 6,
  // The `nestjs-smtp` command: an entry of its own, never imported.
  'cli.ts': 6,
};
const ENGINE_UNITS = new Set(['core', 'smtp', 'mime', 'transport', 'engine.ts']);

/** A file's unit: its first folder under lib/, or the file name for an entry point in lib/ itself. */
const unitOf = (file: string): string => file.split('/')[0];

const describeEdge = (e: ImportEdge): string => `lib/${e.from}:${e.line} imports '${e.specifier}'`;

describe('import graph of lib/', () => {
  const graph = buildImportGraph(LIB);

  it('reads the whole tree: every file, every relative specifier resolved', () => {
    expect(graph.files.length).toBeGreaterThan(50);
    expect(graph.edges).toContainEqual(expect.objectContaining({ from: 'engine.ts', to: 'transport/transport.ts' }));
    expect(graph.edges).toContainEqual(expect.objectContaining({ from: 'nest/mailer.health.ts', to: 'nest/mailer.constants.ts' }));
    expect(graph.unresolved.map(describeEdge)).toEqual([]);
  });

  it('places every folder and entry of lib/ in a layer', () => {
    expect([...new Set(graph.files.map(unitOf))].filter((unit) => !(unit in RANK))).toEqual([]);
  });

  it('has no import cycle', () => {
    const cycles = findCycles(graph.edges).map((cycle) => cycle.map((file) => `lib/${file}`).join(' -> '));
    expect(cycles).toEqual([]);
  });

  it('points every import down the layers', () => {
    const upward = graph.edges.filter((e) => {
      const from = unitOf(e.from);
      const to = unitOf(e.to);
      return from !== to && !(RANK[to] < RANK[from]);
    });
    expect(upward.map((e) => `${describeEdge(e)}: ${unitOf(e.from)} (${RANK[unitOf(e.from)]}) -> ${unitOf(e.to)} (${RANK[unitOf(e.to)]})`)).toEqual([]);
  });

  it('keeps @nestjs/* inside lib/nest, dynamic imports included', () => {
    const outside = graph.packages.filter((e) => e.specifier.startsWith('@nestjs/') && unitOf(e.from) !== 'nest');
    expect(outside.map(describeEdge)).toEqual([]);
    // The Terminus indicator loads its peer with import(): the reader must see that, or the check above proves nothing.
    expect(graph.packages).toContainEqual(expect.objectContaining({ from: 'nest/mailer.health.ts', specifier: '@nestjs/terminus' }));
  });

  it('reaches from lib/engine.ts only engine layers and Node built-ins', () => {
    const reached = reachableFrom('engine.ts', graph.edges);
    expect([...reached].filter((file) => !ENGINE_UNITS.has(unitOf(file))).map((file) => `lib/${file}`)).toEqual([]);
    const builtins = new Set(builtinModules);
    const packages = graph.packages.filter(
      (e) => reached.has(e.from) && !e.specifier.startsWith('node:') && !builtins.has(e.specifier),
    );
    expect(packages.map(describeEdge)).toEqual([]);
    expect(reached.size).toBeGreaterThan(30);
  });
});

describe('import graph helper', () => {
  it('reads every kind of specifier and skips comments and strings', () => {
    const source = [
      "import { a } from './a.js';",
      "import type {",
      "  B,",
      "} from '../b.js';",
      "import './side-effect.js';",
      "export * from './c.js';",
      "export type { D } from './d.js';",
      "import e = require('./e.js');",
      "const f = await import('./f.js');",
      "type G = import('./g.js').G;",
      "// import { x } from './commented.js';",
      "/** @example import { y } from 'nestjs-smtp'; */",
      "const s = \"import { z } from './string.js'\";",
      "export const x = [a, e, f, s];",
    ].join('\n');
    expect(readSpecifiers('x.ts', source)).toEqual([
      { specifier: './a.js', line: 1 },
      { specifier: '../b.js', line: 4 },
      { specifier: './side-effect.js', line: 5 },
      { specifier: './c.js', line: 6 },
      { specifier: './d.js', line: 7 },
      { specifier: './e.js', line: 8 },
      { specifier: './f.js', line: 9 },
      { specifier: './g.js', line: 10 },
    ]);
  });

  it('finds a cycle and prints it as a path back to its start', () => {
    const edges = [
      { from: 'smtp/a.ts', to: 'smtp/b.ts' },
      { from: 'smtp/b.ts', to: 'core/c.ts' },
      { from: 'core/c.ts', to: 'smtp/a.ts' },
      { from: 'core/c.ts', to: 'core/d.ts' },
      { from: 'mime/e.ts', to: 'mime/e.ts' },
    ];
    expect(findCycles(edges)).toEqual([
      ['core/c.ts', 'smtp/a.ts', 'smtp/b.ts', 'core/c.ts'],
      ['mime/e.ts', 'mime/e.ts'],
    ]);
  });

  it('finds no cycle in a graph that only goes down, even with shared targets', () => {
    const edges = [
      { from: 'transport/t.ts', to: 'smtp/s.ts' },
      { from: 'transport/t.ts', to: 'mime/m.ts' },
      { from: 'smtp/s.ts', to: 'core/c.ts' },
      { from: 'mime/m.ts', to: 'core/c.ts' },
    ];
    expect(findCycles(edges)).toEqual([]);
    expect([...reachableFrom('smtp/s.ts', edges)].sort()).toEqual(['core/c.ts', 'smtp/s.ts']);
  });
});
