import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MailerDevStore, startSmtpReceiver } from '../../lib/dev.js';
import type { SmtpReceiver } from '../../lib/dev.js';
import { createTransport } from '../../lib/engine.js';
import { MailerDevInboxModule, MailerModule, MailerService, getMailerToken } from '../../lib/index.js';
import { functionTemplates } from '../../lib/templates.js';
import { appModule, AppRoutesController, startNestApp, type NestAppOptions } from '../helpers/nest-inbox-app.js';

const templates = functionTemplates({
  welcome: (ctx: { name: string }) => ({ subject: `Welcome, ${ctx.name}`, html: `<p>Hello ${ctx.name}</p>`, text: `Hello ${ctx.name}` }),
});

let app: INestApplication | undefined;
let receiver: SmtpReceiver | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
  await receiver?.close();
  receiver = undefined;
});

async function listen(imports: DynamicModule[], controllers: NestAppOptions['controllers'] = []): Promise<string> {
  return startNestApp(imports, { controllers }, (created) => {
    app = created;
  });
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
    const url = await listen([MailerModule.forRoot({ transport: 'memory://', defaults: { from: 'app@example.com' } }), MailerDevInboxModule.forRoot()], [AppRoutesController]);
    expect(await (await fetch(`${url}/send`)).json()).toEqual({ ok: true });
    const list = (await (await fetch(`${url}/__mail/api/messages`)).json()) as Array<{ subject: string }>;
    expect(list.map((m) => m.subject)).toEqual(['From the app']);
    const page = await fetch(`${url}/__mail`);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'nonce-/);
    expect(await page.text()).toContain('>From the app</a>');
    expect(await (await fetch(`${url}/__mailbox`)).json()).toEqual({ route: 'app __mailbox' });
    const outside = await fetch(`${url}/__mail.json`);
    expect(outside.status).toBe(404);
    expect(await outside.json()).toMatchObject({ statusCode: 404, message: 'Cannot GET /__mail.json' });
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
      message: expect.stringContaining('previews need templates, and mailer "default" has none; set MailerModule.forRoot({ templates }) or the templates option'),
    });
  });

  it('shows a given store that an SMTP receiver fills, with no mailer registered, and previews with the templates option', async () => {
    const store = new MailerDevStore();
    receiver = await startSmtpReceiver(store, { port: 0 });
    const url = await listen([
      MailerDevInboxModule.forRoot<{ welcome: { name: string } }>({ store, path: '/dev/mail', templates, previews: { welcome: { default: { name: 'Bo' } } } }),
    ]);
    const transport = createTransport(`${receiver.url}?connectionTimeout=5000`);
    try {
      await transport.sendMail({ from: 'app@example.com', to: 'ann@example.com', subject: 'Over SMTP', text: 'hello' });
    } finally {
      await transport.close();
    }
    const list = (await (await fetch(`${url}/dev/mail/api/messages`)).json()) as Array<{ subject: string; from: string }>;
    expect(list).toEqual([expect.objectContaining({ subject: 'Over SMTP', from: 'app@example.com' })]);
    expect(await (await fetch(`${url}/dev/mail/`)).text()).toContain('>Over SMTP</a>');
    expect(await (await fetch(`${url}/dev/mail/api/previews/welcome/default`)).json()).toMatchObject({ subject: 'Welcome, Bo', html: '<p>Hello Bo</p>' });
    // The inbox clears the very store it was given.
    expect((await fetch(`${url}/dev/mail/api/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(store.size).toBe(0);
  });

  it('the templates option serves previews for a memory:// mailer that has no templates of its own', async () => {
    const url = await listen([MailerModule.forRoot({ transport: 'memory://' }), MailerDevInboxModule.forRoot({ templates, previews: { welcome: { de: { name: 'Anna' } } } })]);
    expect(await (await fetch(`${url}/__mail/api/previews/welcome/de`)).json()).toMatchObject({ subject: 'Welcome, Anna' });
  });

  it('stops the app with ECONFIG for mailer and store together, a store that is not a MailerDevStore, previews over a store without templates, or templates that are no renderer', async () => {
    const store = new MailerDevStore();
    const cases: Array<[DynamicModule, RegExp]> = [
      [MailerDevInboxModule.forRoot({ mailer: 'alerts', store }), /the options mailer \("alerts"\) and store exclude each other.*remove one/],
      [MailerDevInboxModule.forRoot({ store: { list: () => [] } as unknown as MailerDevStore }), /invalid option store: expected a MailerDevStore/],
      [MailerDevInboxModule.forRoot({ store, previews: { welcome: { default: {} } } }), /previews need templates, and a store brings none; set the templates option/],
      [MailerDevInboxModule.forRoot({ store, templates: {} as typeof templates }), /invalid option templates: expected a template renderer/],
    ];
    for (const [inbox, message] of cases) {
      await expect(listen([MailerModule.forRoot({ transport: 'memory://' }), inbox])).rejects.toMatchObject({ name: 'SmtpError', code: 'ECONFIG', message: expect.stringMatching(message) });
      await app?.close();
      app = undefined;
    }
  });
});
