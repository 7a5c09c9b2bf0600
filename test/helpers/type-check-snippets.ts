/** Type-checks small in-memory TypeScript files against the repository's lib, with the repository's compiler options. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One diagnostic of a checked file, flattened: its code, its whole message chain, its 1-based line and the source it points at. */
export interface Diagnostic {
  code: number;
  message: string;
  line: number;
  /** The text of the span the diagnostic marks (the property or value at fault). */
  text: string;
}

/** The repository's tsconfig.json options (module nodenext, strict, ...), without emit. */
function repositoryOptions(): ts.CompilerOptions {
  const configPath = join(ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, (path) => readFileSync(path, 'utf8'));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configPath);
  // Only `node` types: the snippets are application code, not jest tests.
  return { ...parsed.options, noEmit: true, declaration: false, sourceMap: false, types: ['node'] };
}

/**
 * Checks every snippet in one program (building a program that loads Nest's types takes seconds, so once) and
 * returns each snippet's own semantic and syntactic diagnostics. Snippets are served from memory under
 * `<repo>/test/.type-check/`, inside the repository's `"type": "module"` scope, so they are ESM modules and
 * resolve packages from its node_modules; they import lib by absolute path.
 */
export function typeCheck(snippets: Record<string, string>): Record<string, Diagnostic[]> {
  const options = repositoryOptions();
  const virtualDir = join(ROOT, 'test', '.type-check');
  const virtual = new Map(Object.entries(snippets).map(([name, source]) => [join(virtualDir, `${name}.ts`), source]));
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (path) => virtual.has(path) || fileExists.call(host, path);
  host.readFile = (path) => virtual.get(path) ?? readFile.call(host, path);
  host.getSourceFile = (path, languageVersion, onError, shouldCreate) => {
    const source = virtual.get(path);
    if (source !== undefined) return ts.createSourceFile(path, source, languageVersion, true);
    return getSourceFile.call(host, path, languageVersion, onError, shouldCreate);
  };
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  const results: Record<string, Diagnostic[]> = {};
  for (const [path] of virtual) {
    const file = program.getSourceFile(path);
    if (!file) throw new Error(`the program did not load ${path}`);
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    results[path.slice(virtualDir.length + 1, -'.ts'.length)] = diagnostics.map((diagnostic) => ({
      code: diagnostic.code,
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      line: diagnostic.start === undefined ? 0 : file.getLineAndCharacterOfPosition(diagnostic.start).line + 1,
      text: diagnostic.start === undefined ? '' : file.text.slice(diagnostic.start, diagnostic.start + (diagnostic.length ?? 0)),
    }));
  }
  return results;
}

/** `import { x } from '<repo>/lib/<path>.js'` with an absolute path, as the snippets write it. */
export function libPath(path: string): string {
  return join(ROOT, 'lib', path);
}
