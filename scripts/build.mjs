/**
 * Builds the package into dist/ (`npm run build`; `node scripts/build.mjs [--outDir <dir>] [tsc flags]`).
 *
 * tsc compiles lib/ into a staging folder: JavaScript with the decorators and their metadata already lowered
 * (esbuild cannot emit decorator metadata, which Nest's DI reads), and the declarations. esbuild then bundles each
 * public entry (package.json `exports` and `bin`) from that JavaScript, so that an import resolves, reads and
 * compiles a couple of files instead of one per source file: each file costs the loader about as much as
 * 10-20 kB of code. The declarations are copied as tsc wrote them. Dependencies and peers are never bundled.
 * Extra arguments (e.g. `--noCheck`) go to tsc.
 *
 * Entries share code through chunks (`dist/chunks/`), never copies, so `SmtpError`, `SmtpTransport`,
 * `MailerService` and every other object is the same whichever entry loaded it. esbuild puts modules into one
 * chunk per set of entries that reach them; left alone, the engine would be cut into a dozen small chunks along
 * the lines of what `nestjs-smtp/dev`, `/otel` or a lazily loaded part (DKIM, proxy, AUTH) happen to use. So
 * every other entry and every lazily loaded part also imports the engine entry: they all reach the whole engine,
 * which becomes one chunk, and `import 'nestjs-smtp/engine'` reads two files (the entry and that chunk).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The engine entry (`nestjs-smtp/engine`), which every other entry and lazy part is made to reach whole. */
const ENGINE_ENTRY = 'engine';

/** `--outDir <dir>` (default dist/ of the repository) and whatever else is meant for tsc. */
function parseArgs(argv) {
  const tscArgs = [];
  let outDir = path.join(ROOT, 'dist');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--outDir') outDir = path.resolve(argv[++i]);
    else tscArgs.push(argv[i]);
  }
  return { outDir, tscArgs };
}

/**
 * The entry files the package exposes, as paths inside dist/ without `.js`: every `./dist/*.js` target of
 * `exports`, `main` and `bin`. Reading them from package.json keeps one list of entries.
 */
function entryNames(pkg) {
  const targets = [];
  const collect = (value) => {
    if (typeof value === 'string') targets.push(value);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(pkg.exports);
  collect(pkg.main);
  collect(pkg.bin);
  const names = targets.filter((t) => /^\.\/dist\/.+\.js$/.test(t)).map((t) => t.slice('./dist/'.length, -'.js'.length));
  return [...new Set(names)].sort();
}

/** Options both esbuild passes share; `staging` holds tsc's JavaScript. */
function bundleOptions(staging, names) {
  return {
    absWorkingDir: staging,
    entryPoints: Object.fromEntries(names.map((name) => [name, `./${name}.js`])),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    // Function and class names stay what the sources say (Nest and error messages show them), even where two
    // files declared the same name and one had to be renamed in the bundle.
    keepNames: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    // tsc's decorator helper reads the top-level `this` of a module, which is undefined in ESM either way.
    logOverride: { 'this-is-undefined-in-esm': 'silent' },
  };
}

/**
 * The files (absolute paths) that must import the engine entry so that it bundles as one chunk: every entry but
 * the engine, and every target of a dynamic `import()` that the engine does not already import statically (a
 * static import of the engine there would make a cycle).
 */
async function filesToJoinToEngine(staging, names) {
  const { metafile } = await build({ ...bundleOptions(staging, names), write: false, metafile: true, outdir: path.join(staging, '.probe'), logLevel: 'error' });
  const staticImports = (file) => metafile.inputs[file].imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => i.path);
  const engineGraph = new Set();
  const pending = [`${ENGINE_ENTRY}.js`];
  while (pending.length > 0) {
    const file = pending.pop();
    if (engineGraph.has(file)) continue;
    engineGraph.add(file);
    pending.push(...staticImports(file));
  }
  const lazyParts = Object.values(metafile.inputs).flatMap((input) => input.imports.filter((i) => i.kind === 'dynamic-import' && !i.external).map((i) => i.path));
  const others = names.filter((name) => name !== ENGINE_ENTRY).map((name) => `${name}.js`);
  return new Set([...others, ...lazyParts].filter((file) => !engineGraph.has(file)).map((file) => path.join(staging, file)));
}

/** An esbuild plugin that appends `import '<engine entry>'` to each of `files`. */
function joinToEngine(files, engineFile) {
  return {
    name: 'join-to-engine',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.js$/ }, (args) => {
        if (!files.has(args.path)) return undefined;
        // Appended, not prepended: an entry may start with a shebang (cli.js); imports are hoisted either way.
        const contents = `${readFileSync(args.path, 'utf8')}\nimport ${JSON.stringify(engineFile)};\n`;
        return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/** Compiles, bundles and copies the declarations into `outDir`, which is emptied first. */
export async function buildPackage({ outDir, tscArgs }) {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const names = entryNames(pkg);
  const staging = mkdtempSync(path.join(os.tmpdir(), 'nestjs-smtp-tsc-'));
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', staging, ...tscArgs], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    const joined = await filesToJoinToEngine(staging, names);
    // A stale file of an earlier layout would otherwise be shipped beside the bundles.
    rmSync(outDir, { recursive: true, force: true });
    await build({ ...bundleOptions(staging, names), outdir: outDir, plugins: [joinToEngine(joined, path.join(staging, `${ENGINE_ENTRY}.js`))] });
    cpSync(staging, outDir, { recursive: true, filter: (src) => !src.endsWith('.js') });
    for (const bin of Object.values(pkg.bin ?? {})) chmodSync(path.join(outDir, path.relative('dist', bin)), 0o755);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildPackage(parseArgs(process.argv.slice(2)));
}
