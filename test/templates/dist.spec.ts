import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDistApp, run } from '../helpers/dist-app.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { closedAfterEach } from '../helpers/per-test.js';

const start = closedAfterEach(startSmtpServer);
/** Starting a Nest app in a child process takes seconds, many more on a busy machine. */
const CHILD_TEST_TIMEOUT_MS = 60_000;

/**
 * A Nest app built the way users build theirs (tsc to dist/, templates copied as assets) and started with
 * `node dist/main.js` from another working directory: the templates are found next to the compiled code.
 */
describe('templates in a built application (dist/)', () => {
  let workDir: string;
  let appDir: string;
  let elsewhere: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'nestjs-smtp-dist-'));
    appDir = join(workDir, 'app');
    elsewhere = join(workDir, 'elsewhere');
    await buildDistApp(appDir);
    // Only dist/ may be needed at run time: without src/, a template read from the sources would fail.
    await rm(join(appDir, 'src'), { recursive: true });
    await mkdir(elsewhere);
    // Two tsc runs (the library, then the app with its type check): seconds alone, far more on a busy machine.
  }, 240_000);

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const startApp = (port: number) =>
    run(process.execPath, [join(appDir, 'dist/main.js')], { cwd: elsewhere, env: { ...process.env, SMTP_PORT: String(port), MAIL_TO: 'ann@example.test' } });

  it('copies the templates beside the compiled code', async () => {
    expect((await readdir(join(appDir, 'dist/mail/templates'), { recursive: true })).sort()).toEqual([
      'layouts',
      'layouts/main.hbs',
      'partials',
      'partials/footer.hbs',
      'welcome.html.hbs',
      'welcome.subject.hbs',
      'welcome.text.hbs',
    ]);
  });

  it('node dist/main.js, run from another directory, sends the template rendered', async () => {
    const srv = await start();
    const result = await startApp(srv.port);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { accepted: string[]; cwd: string };
    expect(printed.cwd).toBe(elsewhere);
    expect(printed.accepted).toEqual(['ann@example.test']);
    expect(srv.messages).toHaveLength(1);
    const parsed = await srv.parse(0);
    expect(parsed.subject).toBe('Welcome aboard, Ann');
    expect(parsed.html).toBe('<!doctype html>\n<html><body><h1>Hello Ann</h1>\n<p>Your plan: pro</p>\n<footer>Sent by Example &amp; Co</footer>\n</body></html>\n');
    expect(parsed.text?.trim()).toBe('Hello Ann, your plan is pro.');
    expect(parsed.from?.value[0]).toMatchObject({ name: 'App', address: 'app@example.test' });
  }, CHILD_TEST_TIMEOUT_MS);

  it('without the assets copy the app does not start, and the error names the folder it looked in', async () => {
    const srv = await start();
    const templates = join(appDir, 'dist/mail/templates');
    await rename(templates, `${templates}.away`);
    try {
      const result = await startApp(srv.port);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`mailer "default": templates failed: templates dir not found: ${templates}`);
      expect(srv.connectionCount()).toBe(0);
    } finally {
      await rename(`${templates}.away`, templates);
    }
  }, CHILD_TEST_TIMEOUT_MS);
});
