import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDistApp, prepareWorkspace, run, type AppFormat } from '../helpers/dist-app.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { closedAfterEach } from '../helpers/per-test.js';

const start = closedAfterEach(startSmtpServer);
/** Starting a Nest app in a child process takes seconds, many more on a busy machine. */
const CHILD_TEST_TIMEOUT_MS = 60_000;
const FORMATS: AppFormat[] = ['module', 'commonjs'];

/**
 * Nest apps built the way users build theirs (tsc to dist/, templates copied as assets), one ESM and one
 * CommonJS, each started with `node dist/main.js` from another working directory: the templates are found
 * next to the compiled code.
 */
describe('templates in a built application (dist/)', () => {
  let workDir: string;
  let elsewhere: string;
  const appDir = (format: AppFormat): string => join(workDir, `${format}-app`);

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'nestjs-smtp-dist-'));
    elsewhere = join(workDir, 'elsewhere');
    await mkdir(elsewhere);
    await prepareWorkspace(workDir);
    await Promise.all(FORMATS.map((format) => buildDistApp(appDir(format), format)));
    // Only dist/ may be needed at run time: without src/, a template read from the sources would fail.
    await Promise.all(FORMATS.map((format) => rm(join(appDir(format), 'src'), { recursive: true })));
    // Three tsc runs (the library, then each app with its type check): seconds alone, far more on a busy machine.
  }, 300_000);

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const startApp = (format: AppFormat, port: number) =>
    run(process.execPath, [join(appDir(format), 'dist/main.js')], {
      cwd: elsewhere,
      env: { ...process.env, SMTP_PORT: String(port), MAIL_TO: 'ann@example.test' },
    });

  describe.each(FORMATS)('a %s app', (format) => {
    it('has its templates copied beside the compiled code', async () => {
      expect((await readdir(join(appDir(format), 'dist/mail/templates'), { recursive: true })).sort()).toEqual([
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
      const result = await startApp(format, srv.port);
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

    it('without the assets copy it does not start, and the error names the folder it looked in', async () => {
      const srv = await start();
      const templates = join(appDir(format), 'dist/mail/templates');
      await rename(templates, `${templates}.away`);
      try {
        const result = await startApp(format, srv.port);
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain(`mailer "default": templates failed: templates dir not found: ${templates}`);
        expect(srv.connectionCount()).toBe(0);
      } finally {
        await rename(`${templates}.away`, templates);
      }
    }, CHILD_TEST_TIMEOUT_MS);
  });
});
