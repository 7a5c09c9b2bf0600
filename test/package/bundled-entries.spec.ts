import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { prepareWorkspace, run } from '../helpers/dist-app.js';

/**
 * The built package as an app sees it (node_modules/nestjs-smtp with its package.json and the bundled dist/): the
 * entries share one copy of the engine whichever way they are loaded, and the engine entry loads little.
 */
describe('the bundled entries', () => {
  let workDir: string;
  let distDir: string;

  /** Runs `source` as an ES module inside the app folder; resolves what it printed, parsed as JSON. */
  async function runScript<T>(name: string, source: string): Promise<T> {
    await writeFile(path.join(workDir, name), source);
    const result = await run(process.execPath, [name], { cwd: workDir });
    if (result.code !== 0) throw new Error(`${name} failed (exit ${result.code}):\n${result.stdout}${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  }

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'nestjs-smtp-bundles-'));
    await prepareWorkspace(workDir);
    distDir = path.join(workDir, 'node_modules/nestjs-smtp/dist');
  }, 300_000);
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('every entry shares one copy of the engine, through import and require alike', async () => {
    const seen = await runScript<Record<string, unknown>>('shared.mjs', `
import 'reflect-metadata';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const engine = await import('nestjs-smtp/engine');
const main = await import('nestjs-smtp');
const dev = await import('nestjs-smtp/dev');
const otel = await import('nestjs-smtp/otel');
const required = { engine: require('nestjs-smtp/engine'), main: require('nestjs-smtp') };
const names = Object.keys(engine);
let thrown;
try {
  // Thrown by the options check, inside the engine's code, reached through the main entry.
  main.createTransport({ host: 'localhost', port: 'not a port' });
} catch (err) {
  thrown = err;
}
const devTransport = dev.createMailTransport('smtp://127.0.0.1:2525');
console.log(JSON.stringify({
  names,
  differFromMain: names.filter((name) => main[name] !== engine[name]),
  differWhenRequired: names.filter((name) => required.engine[name] !== engine[name] || required.main[name] !== engine[name]),
  errorCode: thrown?.code,
  // The class itself, not the Symbol.for brand that instanceof also accepts from a second copy.
  errorIsEngineClass: Object.getPrototypeOf(thrown) === engine.SmtpError.prototype,
  devTransportIsEngineClass: Object.getPrototypeOf(devTransport) === engine.SmtpTransport.prototype,
  otelChannelIsEngineChannel: otel.SEND_CHANNEL === engine.SEND_CHANNEL,
}));
`);
    expect(seen).toEqual({
      names: expect.arrayContaining(['SmtpError', 'SmtpTransport', 'createTransport', 'composeMessage', 'SEND_CHANNEL']),
      differFromMain: [],
      differWhenRequired: [],
      errorCode: 'ECONFIG',
      errorIsEngineClass: true,
      devTransportIsEngineClass: true,
      otelChannelIsEngineChannel: true,
    });
  });

  it('import nestjs-smtp/engine reads two files, the entry and the engine chunk, and nothing of Nest', async () => {
    // A load hook in the hooks thread reports each module it loads back to this thread.
    const hook = `let port;
export function initialize(data) { port = data.port; }
export async function load(url, context, nextLoad) {
  if (!url.startsWith('node:')) port.postMessage(url);
  return nextLoad(url, context);
}`;
    const loaded = await runScript<string[]>('files.mjs', `
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const urls = [];
port1.on('message', (url) => urls.push(url));
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}), { data: { port: port2 }, transferList: [port2] });
await import('nestjs-smtp/engine');
// The hooks thread posts as it loads; give the last message time to arrive.
await new Promise((resolve) => setTimeout(resolve, 200));
port1.close();
console.log(JSON.stringify(urls));
`);
    const chunks = await readdir(path.join(distDir, 'chunks'));
    const relative = loaded.map((url) => path.relative(distDir, new URL(url).pathname));
    expect(relative).toHaveLength(2);
    expect(relative[0]).toBe('engine.js');
    expect(relative[1]).toMatch(/^chunks\/chunk-[A-Z0-9]+\.js$/);
    expect(chunks).toContain(relative[1].slice('chunks/'.length));
  });

  it('import nestjs-smtp/engine loads no node:crypto, tls, dns, http or https (they load with the first use)', async () => {
    const builtins = await runScript<string[]>('builtins.mjs', `
await import('nestjs-smtp/engine');
console.log(JSON.stringify(process.moduleLoadList.filter((name) => name.startsWith('NativeModule ')).map((name) => name.slice('NativeModule '.length))));
`);
    // The list is real: the engine's own built-ins are in it.
    expect(builtins).toEqual(expect.arrayContaining(['net', 'diagnostics_channel']));
    expect(builtins.filter((name) => ['crypto', 'tls', 'dns', 'dns/promises', 'http', 'https', 'worker_threads'].includes(name))).toEqual([]);
  });
});
