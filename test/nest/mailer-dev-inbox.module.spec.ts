import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Controller, Get, Inject, Module } from '@nestjs/common';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MailerDevInboxModule, MailerModule, MailerService, getMailerToken } from '../../lib/index.js';
import { functionTemplates } from '../../lib/templates.js';
import { readEvents } from '../helpers/inbox-server.js';

@Controller()
class SendController {
  constructor(@Inject(MailerService) private readonly mailer: MailerService) {}

  @Get('send')
  async send(): Promise<{ ok: true }> {
    await this.mailer.sendMail({ to: 'ann@example.com', subject: 'From the app', text: 'hello' });
    return { ok: true };
  }
}

const templates = functionTemplates({
  welcome: (ctx: { name: string }) => ({ subject: `Welcome, ${ctx.name}`, html: `<p>Hello ${ctx.name}</p>`, text: `Hello ${ctx.name}` }),
});

function appModule(imports: DynamicModule[], controllers: Array<new (...args: never[]) => unknown> = []): new () => unknown {
  @Module({ imports, controllers })
  class AppModule {}
  return AppModule;
}

let app: INestApplication | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function listen(imports: DynamicModule[], controllers: Array<new (...args: never[]) => unknown> = []): Promise<string> {
  app = await NestFactory.create(appModule(imports, controllers), { logger: false, abortOnError: false });
  await app.listen(0, '127.0.0.1');
  return app.getUrl();
}

/** Runs `body` with NODE_ENV set, restoring it afterwards. */
async function withNodeEnv<T>(value: string, body: () => Promise<T>): Promise<T> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = value;
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}

describe('MailerDevInboxModule', () => {
  it('serves the default mailer\'s memory:// messages at /__mail; the app\'s own routes and 404s are untouched', async () => {
    const url = await listen([MailerModule.forRoot({ transport: 'memory://', defaults: { from: 'app@example.com' } }), MailerDevInboxModule.forRoot()], [SendController]);
    expect(await (await fetch(`${url}/send`)).json()).toEqual({ ok: true });
    const list = (await (await fetch(`${url}/__mail/api/messages`)).json()) as Array<{ subject: string }>;
    expect(list.map((m) => m.subject)).toEqual(['From the app']);
    const page = await fetch(`${url}/__mail`);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'nonce-/);
    expect(await page.text()).toContain('>From the app</a>');
    const outside = await fetch(`${url}/__mailbox`);
    expect(outside.status).toBe(404);
    expect(await outside.json()).toMatchObject({ statusCode: 404, message: 'Cannot GET /__mailbox' });
    expect((await fetch(`${url}/__mail/api/messages/9`)).status).toBe(404);
  });

  it('shows a named mailer at another path', async () => {
    const url = await listen([
      MailerModule.forRoot({ transport: { type: 'log', logger: { info: () => undefined } }, defaults: { from: 'app@example.com' } }),
      MailerModule.forRoot({ name: 'alerts', transport: 'memory://', defaults: { from: 'alerts@example.com' } }),
      MailerDevInboxModule.forRoot({ mailer: 'alerts', path: '/dev/alerts' }),
    ]);
    const alerts = app!.get<MailerService>(getMailerToken('alerts'), { strict: false });
    await alerts.sendMail({ to: 'ops@example.com', subject: 'Disk full', text: 'x' });
    const list = (await (await fetch(`${url}/dev/alerts/api/messages`)).json()) as Array<{ subject: string }>;
    expect(list.map((m) => m.subject)).toEqual(['Disk full']);
    expect((await fetch(`${url}/__mail`)).status).toBe(404);
  });

  it('refuses to start under NODE_ENV=production with ECONFIG saying why and how to opt in', async () => {
    await withNodeEnv('production', async () => {
      await expect(NestFactory.create(appModule([MailerModule.forRoot({ transport: 'memory://' }), MailerDevInboxModule.forRoot()]), { logger: false, abortOnError: false }))
        .rejects.toMatchObject({ name: 'SmtpError', code: 'ECONFIG', message: expect.stringMatching(/refuses to start with NODE_ENV=production.*allowInProduction: true/) });
    });
  });

  it('mounts under NODE_ENV=production with allowInProduction: true', async () => {
    const url = await withNodeEnv('production', () => listen([MailerModule.forRoot({ transport: 'memory://' }), MailerDevInboxModule.forRoot({ allowInProduction: true })]));
    expect((await fetch(`${url}/__mail/api/messages`)).status).toBe(200);
  });

  it('stops the app with ECONFIG naming the fix when the mailer is not memory://, or not registered', async () => {
    await expect(listen([MailerModule.forRoot({ transport: 'log://', defaults: { from: 'app@example.com' } }), MailerDevInboxModule.forRoot()])).rejects.toMatchObject({
      code: 'ECONFIG',
      message: expect.stringMatching(/mailer "default" uses LogTransport, not memory:\/\/.*set its transport to 'memory:\/\/'/),
    });
    await app?.close();
    app = undefined;
    await expect(listen([MailerModule.forRoot({ transport: 'memory://' }), MailerDevInboxModule.forRoot({ mailer: 'alerts' })])).rejects.toMatchObject({
      code: 'ECONFIG',
      message: expect.stringContaining(`no mailer "alerts" is registered; import MailerModule.forRoot({ name: 'alerts', transport: 'memory://' })`),
    });
  });

  it('renders previews with the mailer\'s templates; previews without templates stop the app with ECONFIG', async () => {
    const url = await listen([
      MailerModule.forRoot({ transport: 'memory://', templates }),
      MailerDevInboxModule.forRoot<{ welcome: { name: string } }>({ previews: { welcome: { default: { name: 'Ann' } } } }),
    ]);
    expect(await (await fetch(`${url}/__mail/api/previews/welcome/default`)).json()).toMatchObject({ subject: 'Welcome, Ann', html: '<p>Hello Ann</p>' });
    await app!.close();
    app = undefined;
    await expect(listen([MailerModule.forRoot({ transport: 'memory://' }), MailerDevInboxModule.forRoot({ previews: { welcome: { default: {} } } })])).rejects.toMatchObject({
      code: 'ECONFIG',
      message: expect.stringContaining('previews need templates, and mailer "default" has none'),
    });
  });

  it('app.close() ends open event streams instead of waiting for the browser to leave', async () => {
    const url = await listen([MailerModule.forRoot({ transport: 'memory://' }), MailerDevInboxModule.forRoot()]);
    const stream = await readEvents(`${url}/__mail/events`);
    const started = Date.now();
    await app!.close();
    app = undefined;
    await stream.ended;
    // Without it the close would wait for the stream, i.e. forever: the bound only has to be finite and generous.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
