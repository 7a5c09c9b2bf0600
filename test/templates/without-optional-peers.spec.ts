import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The engines' optional peers this app does not have; handlebars and react stay installed. */
const HIDDEN = ['mjml', 'html-to-text', 'juice', '@react-email/render'];

/**
 * An app directory outside the repository with a copy of lib/ and a node_modules that links every installed
 * package except HIDDEN: imports from the copied sources resolve the way they would in a user's app.
 */
async function makeAppWithoutPeers(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nestjs-smtp-no-engines-'));
  const modules = path.join(dir, 'node_modules');
  await mkdir(modules);
  for (const entry of await readdir(path.join(ROOT, 'node_modules'))) {
    if (entry.startsWith('.') || HIDDEN.includes(entry)) continue;
    if (!entry.startsWith('@')) {
      await symlink(path.join(ROOT, 'node_modules', entry), path.join(modules, entry));
      continue;
    }
    await mkdir(path.join(modules, entry));
    for (const scoped of await readdir(path.join(ROOT, 'node_modules', entry))) {
      if (HIDDEN.includes(`${entry}/${scoped}`)) continue;
      await symlink(path.join(ROOT, 'node_modules', entry, scoped), path.join(modules, entry, scoped));
    }
  }
  // A package that is installed but whose own dependency is not.
  await mkdir(path.join(modules, 'engine-with-missing-dep'));
  await writeFile(path.join(modules, 'engine-with-missing-dep/package.json'), JSON.stringify({ name: 'engine-with-missing-dep', type: 'module', main: 'index.js' }));
  await writeFile(path.join(modules, 'engine-with-missing-dep/index.js'), "export * from 'nestjs-smtp-absent-dependency';\n");
  await cp(path.join(ROOT, 'lib'), path.join(dir, 'lib'), { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  await writeFile(path.join(dir, 'check.mjs'), CHECK_SCRIPT);
  return dir;
}

/** Runs in the app directory: loads the templates entry, then compiles each adapter and reports what happened. */
const CHECK_SCRIPT = `
const templates = await import('./lib/templates.js');
const hidden = {};
for (const name of ${JSON.stringify(HIDDEN)}) {
  try { await import(name); hidden[name] = false; } catch (err) { hidden[name] = err.code === 'ERR_MODULE_NOT_FOUND'; }
}
const fixtures = process.env.FIXTURES;
const outcome = async (renderer) => {
  try { await renderer.compile(); return 'compiled'; } catch (err) { return { name: err.name, code: err.code, message: err.message }; }
};
const handlebarsOnly = templates.handlebarsTemplates({ dir: fixtures + '/mail', deriveText: false });
const results = {
  hidden,
  handlebars: await outcome(templates.handlebarsTemplates({ dir: fixtures + '/mail' })),
  handlebarsWithoutText: await outcome(handlebarsOnly),
  reset: (await handlebarsOnly.render('reset', { code: '12-34' }, {})).text,
  inlineCss: await outcome(templates.handlebarsTemplates({ dir: fixtures + '/mail', deriveText: false, inlineCss: true })),
  mjml: await outcome(templates.mjmlTemplates({ dir: fixtures + '/mjml', deriveText: false })),
  reactEmail: await outcome(templates.reactEmailTemplates({ welcome: { component: () => null } })),
  // Installed, but one of its own dependencies is not: the message must not tell to install what is there.
  brokenPeer: await import('./lib/templates/optional-peer.js')
    .then(({ loadOptionalPeer }) => loadOptionalPeer('engine-with-missing-dep', 'Test templates'))
    .then(() => 'loaded', (err) => ({ name: err.name, code: err.code, message: err.message })),
};
console.log(JSON.stringify(results));
`;

describe('templates entry without the engines\' optional packages installed', () => {
  let dir: string | undefined;

  beforeAll(async () => {
    dir = await makeAppWithoutPeers();
  }, 60_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads, and each adapter\'s compile() is ECONFIG naming the package it needs (not a package that is there)', async () => {
    const { stdout } = await run(process.execPath, ['--import', path.join(ROOT, 'test/helpers/register-ts.mjs'), 'check.mjs'], {
      cwd: dir,
      env: { ...process.env, FIXTURES: path.join(ROOT, 'test/fixtures/templates'), NODE_PATH: '' },
    });
    const results = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(results.hidden).toEqual(Object.fromEntries(HIDDEN.map((name) => [name, true])));
    const econfig = (message: string) => ({ name: 'SmtpError', code: 'ECONFIG', message });
    expect(results.handlebars).toEqual(
      econfig('deriving the text part from html needs the package "html-to-text": npm install html-to-text, or set deriveText: false'),
    );
    // Without text derivation, Handlebars needs nothing else: the peers are loaded only for what is asked.
    expect(results.handlebarsWithoutText).toBe('compiled');
    expect(results.reset).toBe('Use this code: 12-34\n');
    expect(results.inlineCss).toEqual(econfig('inlineCss needs the package "juice": npm install juice'));
    expect(results.mjml).toEqual(econfig('MJML templates needs the package "mjml": npm install mjml'));
    const brokenPeer = results.brokenPeer as { code: string; message: string };
    expect(brokenPeer.code).toBe('ECONFIG');
    expect(brokenPeer.message).toMatch(/^Test templates: loading "engine-with-missing-dep" failed: Cannot find package 'nestjs-smtp-absent-dependency'/);
    expect(results.reactEmail).toEqual(econfig('React Email templates needs the package "@react-email/render": npm install @react-email/render'));
  }, 60_000);
});
