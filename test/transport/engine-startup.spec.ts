import { describe, it, expect } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIB = fileURLToPath(new URL('../../lib/', import.meta.url));

/** Specifiers a file imports statically at run time: type-only imports are erased, `import()` waits for first use. */
function staticImports(path: string): string[] {
  const source = readFileSync(path, 'utf8');
  return [...source.matchAll(/^(?:import|export)\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((match) => match[1]);
}

/** Every file and built-in loaded by importing `entry`, following static imports only. */
function staticGraph(entry: string): { files: string[]; builtins: string[] } {
  const files = new Set<string>();
  const builtins = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('node:')) builtins.add(specifier);
      else if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
        if (existsSync(target)) visit(target);
      }
    }
  };
  visit(join(LIB, entry));
  return { files: [...files].map((file) => relative(LIB, file)).sort(), builtins: [...builtins].sort() };
}

describe('engine start-up', () => {
  const graph = staticGraph('engine.ts');

  it('loads the proxy, AUTH mechanisms and DKIM signing only when a transport uses them', () => {
    expect(graph.files.length).toBeGreaterThan(30);
    expect(graph.files.filter((file) => file.startsWith('smtp/proxy/') && file !== 'smtp/proxy/proxy-url.ts')).toEqual([]);
    expect(graph.files.filter((file) => file.startsWith('smtp/auth/') && !['smtp/auth/mechanism.ts', 'smtp/auth/oauth2-token.ts'].includes(file))).toEqual([]);
    expect(graph.files.filter((file) => file.startsWith('mime/dkim/') && file !== 'mime/dkim/dkim-options.ts')).toEqual([]);
    expect(graph.files).not.toContain('transport/proxy-tunnel.ts');
  });

  it('loads node:tls, node:dns and node:http(s) only with the first TLS connection, host name or URL source', () => {
    expect(graph.builtins).toEqual(expect.arrayContaining(['node:net', 'node:stream']));
    for (const deferred of ['node:tls', 'node:dns', 'node:dns/promises', 'node:http', 'node:https']) expect(graph.builtins).not.toContain(deferred);
  });
});
