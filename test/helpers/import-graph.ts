/** The import graph of a source folder: every module specifier of every .ts file, relative ones resolved to files. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One module specifier in one file. Paths are relative to the graph's root, with `/` separators. */
export interface ImportEdge {
  from: string;
  /** The file a relative specifier resolves to; for a package or built-in, the specifier itself. */
  to: string;
  specifier: string;
  line: number;
}

export interface ImportGraph {
  files: string[];
  /** Relative specifiers that resolve to a file under the root. */
  edges: ImportEdge[];
  /** Bare specifiers: packages and Node built-ins. */
  packages: ImportEdge[];
  /** Relative specifiers that name no file under the root (`to` is what was looked for). */
  unresolved: ImportEdge[];
}

/**
 * The specifiers a source file names, with their 1-based lines: static `import` (with `import type`), `export … from`,
 * `import x = require()`, `import('…')` calls with a literal, and `import('…')` types. Comments and strings
 * elsewhere are not specifiers, which is why this parses instead of matching text.
 */
export function readSpecifiers(fileName: string, source: string): Array<{ specifier: string; line: number }> {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Array<{ specifier: string; line: number }> = [];
  const add = (node: ts.Node | undefined): void => {
    if (node && ts.isStringLiteralLike(node)) {
      found.push({ specifier: node.text, line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function listTypeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listTypeScriptFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const toPosix = (path: string): string => path.split(sep).join('/');

/** Reads every .ts file under `root` and resolves its relative specifiers the way NodeNext does for our sources. */
export function buildImportGraph(root: string): ImportGraph {
  const graph: ImportGraph = { files: [], edges: [], packages: [], unresolved: [] };
  for (const path of listTypeScriptFiles(root).sort()) {
    const from = toPosix(relative(root, path));
    graph.files.push(from);
    for (const { specifier, line } of readSpecifiers(path, readFileSync(path, 'utf8'))) {
      if (!specifier.startsWith('.')) {
        graph.packages.push({ from, to: specifier, specifier, line });
        continue;
      }
      // Sources import `./x.js` and the file is `x.ts`.
      const target = resolve(dirname(path), specifier.replace(/\.js$/, '.ts'));
      const to = toPosix(relative(root, target));
      const inside = !to.startsWith('../') && existsSync(target);
      (inside ? graph.edges : graph.unresolved).push({ from, to, specifier, line });
    }
  }
  return graph;
}

/**
 * One cycle per strongly connected component that has one (Tarjan's algorithm), each written as a path that
 * returns to its start: `['a.ts', 'b.ts', 'a.ts']`. Empty when the graph is acyclic.
 */
export function findCycles(edges: ReadonlyArray<Pick<ImportEdge, 'from' | 'to'>>): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    if (!next.has(to)) next.set(to, []);
    next.get(from)!.push(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];

  const connect = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node)!) {
      if (!index.has(to)) {
        connect(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const isSelfLoop = component.length === 1 && next.get(node)!.includes(node);
      if (component.length > 1 || isSelfLoop) components.push(component);
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) connect(node);

  return components.map((component) => cycleWithin(new Set(component), next));
}

/** A shortest path from the component's first node (in sort order) back to itself, staying inside the component. */
function cycleWithin(component: Set<string>, next: Map<string, string[]>): string[] {
  const start = [...component].sort()[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of next.get(node)!) {
      if (!component.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  throw new Error(`no cycle through ${start}: not a strongly connected component`);
}

/** The files reachable from `start` over `edges`, `start` included. */
export function reachableFrom(start: string, edges: ReadonlyArray<Pick<ImportEdge, 'from' | 'to'>>): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const edge of edges) {
      if (edge.from === node && !seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return seen;
}
