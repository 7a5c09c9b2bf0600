import 'reflect-metadata';
import { describe, it, expect } from '@jest/globals';
import { Inject, Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import {
  InjectMailer,
  MAILER_DEFAULTS,
  MAILER_OPTIONS,
  MAILER_TRANSPORT,
  MailerHealthIndicator,
  MailerModule,
  MailerService,
  SmtpError,
  SmtpTransport,
  getMailerDefaultsToken,
  getMailerOptionsToken,
  getMailerToken,
  getMailerTransportToken,
} from '../../lib/index.js';
import type { MailerOptions, MailerOptionsFactory, ResolvedSmtpOptions } from '../../lib/index.js';
import { slotsClosedAfterEach } from '../helpers/per-test-slots.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import type { TestSmtpServer } from '../helpers/smtp-server.js';

describe('MailerModule', () => {
  const opened = slotsClosedAfterEach<{ moduleRef: TestingModule; server: TestSmtpServer }>('moduleRef', 'server');

  async function compile(imports: unknown[], providers: unknown[] = []): Promise<TestingModule> {
    opened.moduleRef = await Test.createTestingModule({ imports: imports as never[], providers: providers as never[] }).compile();
    await opened.moduleRef.init();
    return opened.moduleRef;
  }

  it('forRoot registers MailerService, MAILER_OPTIONS, MAILER_DEFAULTS and MAILER_TRANSPORT, and sends', async () => {
    opened.server = await startSmtpServer();
    const ref = await compile([
      MailerModule.forRoot({ transport: `smtp://127.0.0.1:${opened.server.port}`, defaults: { from: 'app@example.com' } }),
    ]);
    const mailer = ref.get(MailerService);
    const transport = ref.get<SmtpTransport>(MAILER_TRANSPORT);
    const options = ref.get<ResolvedSmtpOptions>(MAILER_OPTIONS);
    expect(transport).toBeInstanceOf(SmtpTransport);
    expect(mailer.transport).toBe(transport);
    // The URL parsed and defaults filled in by the engine.
    expect(options).toBe(transport.options);
    expect(options).toMatchObject({ host: '127.0.0.1', port: opened.server.port, secure: false, connectionTimeout: 120000 });
    expect(Object.isFrozen(options)).toBe(true);
    expect(ref.get(MAILER_DEFAULTS)).toEqual({ from: 'app@example.com' });
    expect(ref.get(MailerHealthIndicator)).toBeInstanceOf(MailerHealthIndicator);

    const info = await mailer.sendMail({ to: 'ann@example.com', subject: 'Hi', text: 'Hello' });
    expect(info.accepted).toEqual(['ann@example.com']);
    expect(opened.server.messages[0].envelope).toEqual({ from: 'app@example.com', to: ['ann@example.com'] });
    await expect(mailer.verify()).resolves.toBe(true);
  });

  it('token helpers give the plain tokens for the default mailer and derived ones for a named one', () => {
    expect(getMailerToken()).toBe(MailerService);
    expect(getMailerToken('default')).toBe(MailerService);
    expect(getMailerOptionsToken()).toBe(MAILER_OPTIONS);
    expect(getMailerDefaultsToken()).toBe(MAILER_DEFAULTS);
    expect(getMailerTransportToken()).toBe(MAILER_TRANSPORT);
    const named = [getMailerToken('alerts'), getMailerOptionsToken('alerts'), getMailerDefaultsToken('alerts'), getMailerTransportToken('alerts')];
    expect(new Set(named).size).toBe(4);
    for (const token of named) expect(String(token)).toContain('alerts');
  });

  describe('forRootAsync with ConfigModule', () => {
    const config = (port: number, isGlobal = false) => ConfigModule.forRoot({
      isGlobal,
      ignoreEnvFile: true,
      load: [() => ({ MAIL_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'config@example.com' })],
    });
    const fromConfig = (configService: ConfigService): MailerOptions => ({
      transport: configService.getOrThrow<string>('MAIL_URL'),
      defaults: { from: configService.getOrThrow<string>('MAIL_FROM') },
    });

    @Injectable()
    class MailConfig implements MailerOptionsFactory {
      constructor(@Inject(ConfigService) private readonly configService: ConfigService) {}
      createMailerOptions(): Promise<MailerOptions> {
        return Promise.resolve(fromConfig(this.configService));
      }
    }

    @Module({ imports: [], providers: [MailConfig], exports: [MailConfig] })
    class MailConfigModule {}

    async function sendThrough(ref: TestingModule): Promise<void> {
      await ref.get(MailerService).sendMail({ to: 'bob@example.com', subject: 'async', text: 'x' });
      expect(opened.server!.messages[0].envelope.from).toBe('config@example.com');
      expect(ref.get(MAILER_DEFAULTS)).toEqual({ from: 'config@example.com' });
      expect(ref.get<ResolvedSmtpOptions>(MAILER_OPTIONS).port).toBe(opened.server!.port);
    }

    it('useFactory with inject', async () => {
      opened.server = await startSmtpServer();
      const ref = await compile([
        MailerModule.forRootAsync({ imports: [config(opened.server.port)], inject: [ConfigService], useFactory: fromConfig }),
      ]);
      await sendThrough(ref);
    });

    it('useClass', async () => {
      opened.server = await startSmtpServer();
      const ref = await compile([MailerModule.forRootAsync({ imports: [config(opened.server.port)], useClass: MailConfig })]);
      await sendThrough(ref);
    });

    it('useExisting', async () => {
      opened.server = await startSmtpServer();
      // MailConfig lives in its own module and reads a global ConfigModule, as in a typical app.
      const ref = await compile([config(opened.server.port, true), MailerModule.forRootAsync({ imports: [MailConfigModule], useExisting: MailConfig })]);
      await sendThrough(ref);
    });
  });

  it('named mailers get their own tokens and @InjectMailer(name) injects each', async () => {
    opened.server = await startSmtpServer();
    const url = `smtp://127.0.0.1:${opened.server.port}`;

    @Injectable()
    class Notifier {
      constructor(
        readonly main: MailerService,
        @InjectMailer('alerts') readonly alerts: MailerService,
      ) {}
    }

    const ref = await compile(
      [
        MailerModule.forRoot({ transport: url, defaults: { from: 'main@example.com' } }),
        MailerModule.forRoot({ name: 'alerts', transport: `${url}?maxConnections=2`, defaults: { from: 'alerts@example.com' } }),
      ],
      [Notifier],
    );
    const notifier = ref.get(Notifier);
    expect(notifier.main).not.toBe(notifier.alerts);
    expect(notifier.alerts.name).toBe('alerts');
    expect(notifier.alerts).toBe(ref.get(getMailerToken('alerts')));
    expect(notifier.alerts.transport).toBe(ref.get(getMailerTransportToken('alerts')));
    expect(ref.get<ResolvedSmtpOptions>(getMailerOptionsToken('alerts')).maxConnections).toBe(2);
    expect(ref.get(getMailerDefaultsToken('alerts'))).toEqual({ from: 'alerts@example.com' });

    await notifier.alerts.sendMail({ to: 'ops@example.com', subject: 'alert', text: '!' });
    await notifier.main.sendMail({ to: 'ann@example.com', subject: 'hi', text: 'x' });
    expect(opened.server.messages.map((m) => m.envelope.from)).toEqual(['alerts@example.com', 'main@example.com']);
  });

  it('isGlobal makes the mailer injectable in modules that do not import it', async () => {
    @Injectable()
    class Consumer {
      constructor(readonly mailer: MailerService) {}
    }
    @Module({ providers: [Consumer], exports: [Consumer] })
    class FeatureModule {}

    const ref = await compile([MailerModule.forRoot({ transport: { host: '127.0.0.1', port: 2525 }, isGlobal: true }), FeatureModule]);
    expect(ref.get(FeatureModule, { strict: false })).toBeInstanceOf(FeatureModule);
    expect(ref.get(Consumer).mailer).toBe(ref.get(MailerService));

    // Without isGlobal the feature module cannot resolve MailerService.
    await expect(
      Test.createTestingModule({ imports: [MailerModule.forRoot({ transport: { host: '127.0.0.1', port: 2525 } }), FeatureModule] }).compile(),
    ).rejects.toThrow(/MailerService/);
  });

  describe('bad configuration fails at startup, naming the mailer and the option', () => {
    async function startupError(imports: unknown[]): Promise<SmtpError> {
      const error = await Test.createTestingModule({ imports: imports as never[] }).compile().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(SmtpError);
      return error as SmtpError;
    }

    it('a port of 70000', async () => {
      const err = await startupError([MailerModule.forRoot({ name: 'billing', transport: { host: 'localhost', port: 70000 } })]);
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toMatch(/mailer "billing"/);
      expect(err.message).toMatch(/option port/);
    });

    it('an unknown protocol in the URL', async () => {
      const err = await startupError([MailerModule.forRoot({ transport: 'ftp://user:s3cret@mail.example.com' })]);
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toMatch(/mailer "default".*protocol/);
      expect(err.message).not.toContain('s3cret');
    });

    it('a useFactory that throws', async () => {
      const err = await startupError([
        MailerModule.forRootAsync({ name: 'alerts', useFactory: () => { throw new Error('MAIL_URL is not set'); } }),
      ]);
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toMatch(/mailer "alerts": useFactory failed: MAIL_URL is not set/);
      expect((err.cause as Error).message).toBe('MAIL_URL is not set');
    });

    it('a useFactory that returns nonsense', async () => {
      const undefinedResult = await startupError([MailerModule.forRootAsync({ useFactory: () => undefined as unknown as MailerOptions })]);
      expect(undefinedResult.message).toMatch(/mailer "default": expected mailer options/);
      const noTransport = await startupError([MailerModule.forRootAsync({ useFactory: () => ({ host: 'x' }) as unknown as MailerOptions })]);
      expect(noTransport.message).toMatch(/mailer "default": option transport is missing/);
      const badDefaults = await startupError([
        MailerModule.forRootAsync({ useFactory: async () => ({ transport: 'smtp://localhost', defaults: 'x' }) as unknown as MailerOptions }),
      ]);
      expect(badDefaults.message).toMatch(/invalid option defaults/);
    });

    it('a forRootAsync without a factory, and a bad name, fail when the module is declared', () => {
      expect(() => MailerModule.forRootAsync({})).toThrow(/exactly one of useFactory, useClass or useExisting/);
      expect(() => MailerModule.forRoot({ name: 'a b', transport: 'smtp://localhost' })).toThrow(/invalid mailer name/);
    });
  });

  it('logs through a Nest Logger with context Mailer:<name> unless a logger is given', async () => {
    const lines: string[] = [];
    const custom = { log: (m: string) => lines.push(m), debug: () => {}, warn: () => {}, error: () => {} };
    const ref = await compile([
      MailerModule.forRoot({ name: 'alerts', transport: 'smtp://localhost:2525' }),
      MailerModule.forRoot({ name: 'custom', transport: { port: 2525, logger: custom } }),
      MailerModule.forRoot({ name: 'quiet', transport: { port: 2525, logger: false } }),
    ]);
    const logger = ref.get<ResolvedSmtpOptions>(getMailerOptionsToken('alerts')).logger as { context?: string };
    expect(logger.context).toBe('Mailer:alerts');
    expect(ref.get<ResolvedSmtpOptions>(getMailerOptionsToken('custom')).logger).toBe(custom);
    expect(ref.get<ResolvedSmtpOptions>(getMailerOptionsToken('quiet')).logger).toBe(false);
  });

  it('the default mailer logs with context Mailer', async () => {
    const ref = await compile([MailerModule.forRoot({ transport: 'smtp://localhost:2525' })]);
    expect((ref.get<ResolvedSmtpOptions>(MAILER_OPTIONS).logger as { context?: string }).context).toBe('Mailer');
  });
});
