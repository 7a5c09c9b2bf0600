import { describe, it, expect } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
const LIB = fileURLToPath(new URL('../../lib/', import.meta.url));
function sourceFiles(dir) {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory())
            return sourceFiles(path);
        return path.endsWith('.ts') ? [path] : [];
    });
}
/** Module specifiers a file loads at run time (type-only imports are erased). */
function runtimeImports(path) {
    const source = readFileSync(path, 'utf8');
    const found = [];
    for (const match of source.matchAll(/^(?:import|export)\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm))
        found.push(match[1]);
    for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
        found.push(match[1]);
    return found;
}
describe('the engine entry (nestjs-smtp/engine)', () => {
    it('loads nothing but Node built-ins and its own files: no runtime dependency, no Nest', () => {
        const files = [join(LIB, 'engine.ts'), ...sourceFiles(join(LIB, 'smtp')), ...sourceFiles(join(LIB, 'mime'))];
        const external = files.flatMap((file) => runtimeImports(file)
            .filter((specifier) => !specifier.startsWith('.'))
            .filter((specifier) => !(specifier.startsWith('node:') && builtinModules.includes(specifier.slice(5))))
            .map((specifier) => `${file.slice(LIB.length)}: ${specifier}`));
        const intoNest = files.flatMap((file) => runtimeImports(file).filter((specifier) => specifier.includes('/nest/')).map((specifier) => `${file}: ${specifier}`));
        expect(files.length).toBeGreaterThan(30);
        expect(external).toEqual([]);
        expect(intoNest).toEqual([]);
    });
    it('exports the transport, the error class and the composer', async () => {
        const engine = await import('../../lib/engine.js');
        expect(typeof engine.createTransport).toBe('function');
        expect(typeof engine.composeMessage).toBe('function');
        expect(new engine.SmtpError('ECONFIG', 'x')).toBeInstanceOf(Error);
    });
});
//# sourceMappingURL=engine-entry.spec.js.map