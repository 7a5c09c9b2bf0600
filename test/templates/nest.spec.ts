import 'reflect-metadata';
import { describe, it, expect, afterEach } from '@jest/globals';
import { Inject, Injectable, Module } from '@nestjs/common';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { fileURLToPath } from 'node:url';
import { MailerModule, MailerService, SmtpError } from '../../lib/index.js';
import type { MailerModuleOptions } from '../../lib/index.js';
import { handlebarsTemplates } from '../../lib/templates/handlebars.js';
import type { TemplateContexts } from '../../lib/transport/template-renderer.js';
import { MailerTestingModule, MailerTestingStore } from '../../lib/testing.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { SLOW_TIMEOUTS } from '../helpers/timeouts.js';

const fixtures = (name: string): string => fileURLToPath(new URL(`../fixtures/templates/${name}`, import.meta.url));
const start = closedAfterEach(startSmtpServer);

type MailContexts = {
  welcome: { name: string; note: string; company: string };
  reset: { code: string };
  shout: { code: string };
};

/** The application's templates, as a module of its own would export them. */
const appTemplates = (dir = fixtures('mail')) =>
  handlebarsTemplates<MailContexts>({ dir, helpers: { shout: (value: string) => String(value).toUpperCase() } });
type AppTemplates = TemplateContexts<ReturnType<typeof appTemplates>>;

/** A service as an application writes it: the typed MailerService, injected by type. */
@Injectable()
class WelcomeService {
  constructor(private readonly mailer: MailerService<AppTemplates>) {}

  welcome(to: string, name: string, locale?: string) {
    return this.mailer.sendMail({ to, template: 'welcome', context: { name, note: 'Glad <you> came', company: 'Example & Co' }, locale });
  }
}

const WELCOME_HTML = /^<!doctype html>\n<html><body><h1>Hello Ann<\/h1>\n<p class="note">Glad &lt;you&gt; came<\/p>\n/;

describe('templates in the Nest module', () => {
  let app: INestApplicationContext | INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** `main.ts`'s way: NestFactory, with abortOnError: false so that a failed start rejects instead of exiting. */
  async function startApp(options: MailerModuleOptions): Promise<INestApplicationContext> {
    @Module({ imports: [MailerModule.forRoot(options)], providers: [WelcomeService] })
    class AppModule {}
    app = await NestFactory.createApplicationContext(AppModule, { abortOnError: false, logger: false });
    return app;
  }

  describe('a template folder that does not compile stops the startup with ECONFIG naming the file', () => {
    it('for a syntax error, through NestFactory', async () => {
      const err = await startApp({ transport: { host: '127.0.0.1', port: 9 }, templates: handlebarsTemplates({ dir: fixtures('syntax-error') }) })
        .then(() => undefined, (error: unknown) => error);
      expect(err).toBeInstanceOf(SmtpError);
      expect((err as SmtpError).code).toBe('ECONFIG');
      expect((err as SmtpError).message).toMatch(/^mailer "default": templates failed: template broken\.hbs: Parse error on line 4/);
    });

    it('for a missing partial in a named mailer, through Test.createTestingModule and app.init()', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [MailerModule.forRoot({ name: 'news', transport: { host: '127.0.0.1', port: 9 }, templates: handlebarsTemplates({ dir: fixtures('missing-partial') }) })],
      }).compile();
      const nest = moduleRef.createNestApplication({ logger: false });
      const err = await nest.init().then(() => undefined, (error: unknown) => error);
      await nest.close();
      expect(err).toBeInstanceOf(SmtpError);
      expect((err as SmtpError).code).toBe('ECONFIG');
      expect((err as SmtpError).message).toMatch(/^mailer "news": templates failed: template note\.hbs line 3: partial "nowhere" not found/);
    });

    it('for a template the application declares but the folder lacks', async () => {
      const templates = handlebarsTemplates<MailContexts & { invoice: { total: number } }>({
        dir: fixtures('mail'),
        names: ['welcome', 'reset', 'invoice'],
      });
      await expect(startApp({ transport: { host: '127.0.0.1', port: 9 }, templates })).rejects.toMatchObject({
        code: 'ECONFIG',
        message: expect.stringContaining('template "invoice" not found in') as unknown as string,
      });
    });
  });

  it('a service injecting MailerService<AppTemplates> sends a rendered template to a real server', async () => {
    const srv = await start();
    const started = await startApp({
      transport: { host: srv.host, port: srv.port, ...SLOW_TIMEOUTS },
      defaults: { from: 'App <app@example.test>' },
      templates: appTemplates(),
    });
    const info = await started.get(WelcomeService).welcome('ann@example.test', 'Ann');
    expect(info.accepted).toEqual(['ann@example.test']);
    const parsed = await srv.parse(0);
    expect(parsed.subject).toBe('Welcome, Ann!');
    expect(parsed.html).toMatch(WELCOME_HTML);
    expect(parsed.html).toContain('<p class="footer">Example &amp; Co</p>');
    expect(parsed.text?.trim()).toBe('Hello Ann\nGlad <you> came');
    expect(parsed.from?.value[0]).toMatchObject({ name: 'App', address: 'app@example.test' });
  });

  it('forRootAsync: templates returned by the factory, built from an injected value, are compiled and used', async () => {
    const srv = await start();
    const TEMPLATE_DIR = Symbol('TEMPLATE_DIR');
    @Module({ providers: [{ provide: TEMPLATE_DIR, useValue: fixtures('mail') }], exports: [TEMPLATE_DIR] })
    class ConfigModule {}
    @Injectable()
    class ResetService {
      constructor(
        private readonly mailer: MailerService<AppTemplates>,
        @Inject(TEMPLATE_DIR) readonly dir: string,
      ) {}
      reset(to: string) {
        return this.mailer.sendMail({ to, template: 'reset', context: { code: '12-34' } });
      }
    }
    @Module({
      imports: [
        ConfigModule,
        MailerModule.forRootAsync({
          imports: [ConfigModule],
          inject: [TEMPLATE_DIR],
          useFactory: (dir: string) => ({
            transport: { host: srv.host, port: srv.port, ...SLOW_TIMEOUTS },
            defaults: { from: 'app@example.test' },
            templates: appTemplates(dir),
          }),
        }),
      ],
      providers: [ResetService],
    })
    class AsyncAppModule {}
    app = await NestFactory.createApplicationContext(AsyncAppModule, { abortOnError: false, logger: false });
    await app.get(ResetService).reset('bob@example.test');
    const parsed = await srv.parse(0);
    expect(parsed.subject).toBe('Reset your password');
    expect(parsed.text?.trim()).toBe('Use this code: 12-34');
  });

  it('forRootAsync: a broken folder returned by the factory stops the startup too', async () => {
    @Module({
      imports: [MailerModule.forRootAsync({ useFactory: async () => ({ transport: { host: '127.0.0.1', port: 9 }, templates: handlebarsTemplates({ dir: fixtures('no-such-folder') }) }) })],
    })
    class BrokenAsyncModule {}
    const err = await NestFactory.createApplicationContext(BrokenAsyncModule, { abortOnError: false, logger: false })
      .then((started) => { app = started; return undefined; }, (error: unknown) => error);
    expect((err as SmtpError).code).toBe('ECONFIG');
    expect((err as SmtpError).message).toMatch(/^mailer "default": templates failed: .*templates dir not found.*no-such-folder/);
  });

  describe('MailerTestingModule.forRoot({ templates })', () => {
    async function compileTesting(templates = appTemplates()) {
      const moduleRef = await Test.createTestingModule({
        imports: [MailerTestingModule.forRoot({ defaults: { from: 'app@example.test' }, templates })],
        providers: [WelcomeService],
      }).compile();
      app = moduleRef;
      await moduleRef.init();
      return moduleRef;
    }

    it('renders with the real templates and records template, context, the locale asked and the locale used', async () => {
      const ref = await compileTesting();
      const service = ref.get(WelcomeService);
      await service.welcome('ann@example.test', 'Ann');
      await service.welcome('ann@example.test', 'Ann', 'fr-CA');
      const store = ref.get(MailerTestingStore);
      expect(store.sent).toHaveLength(2);
      const [plain, french] = store.sent;
      expect(plain.subject).toBe('Welcome, Ann!');
      expect(plain.html).toMatch(WELCOME_HTML);
      expect(plain.text?.trim()).toBe('Hello Ann\nGlad <you> came');
      expect(plain.template).toEqual({
        template: 'welcome',
        context: { name: 'Ann', note: 'Glad <you> came', company: 'Example & Co' },
        locale: undefined,
        renderedLocale: undefined,
      });
      expect(french.subject).toBe('Bienvenue, Ann !');
      expect(french.html).toContain('<h1>Bonjour Ann</h1>');
      expect(french.template).toMatchObject({ template: 'welcome', locale: 'fr-CA', renderedLocale: 'fr' });
    });

    it('a message without a template records no template use', async () => {
      const ref = await compileTesting();
      await ref.get(MailerService).sendMail({ to: 'ann@example.test', subject: 'Plain', text: 'No template' });
      expect(ref.get(MailerTestingStore).sent[0].template).toBeUndefined();
    });

    it('fails at init, as the real module does, when a template does not compile', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [MailerTestingModule.forRoot({ templates: handlebarsTemplates({ dir: fixtures('syntax-error') }) })],
      }).compile();
      const err = await moduleRef.init().then(() => undefined, (error: unknown) => error);
      await moduleRef.close();
      expect((err as SmtpError).code).toBe('ECONFIG');
      expect((err as SmtpError).message).toContain('broken.hbs');
    });
  });
});
