import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { InjectMailer, MAILER_TRANSPORT, MailerModule, MailerService, getMailerTransportToken } from '../../lib/index.js';
import type { MailTransport } from '../../lib/engine.js';
import { getDevStore, LogTransport, MemoryTransport } from '../../lib/dev.js';

@Injectable()
class WelcomeMailer {
  constructor(private readonly mailer: MailerService) {}

  welcome(to: string): Promise<unknown> {
    return this.mailer.sendMail({ to, subject: 'Welcome', text: `Hello ${to}` });
  }
}

@Controller()
class InboxController {
  constructor(private readonly welcome: WelcomeMailer, @InjectMailer('alerts') private readonly alerts: MailerService) {}

  @Get('/send')
  async send(): Promise<{ ok: true }> {
    await this.welcome.welcome('ann@example.com');
    await this.alerts.sendMail({ to: 'ops@example.com', subject: 'Alert', text: 'disk' });
    return { ok: true };
  }
}

describe('MailerModule with dev transports', () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('forRoot({ transport: "memory://" }) sends through MailerService into the transport\'s store, in an HTTP app', async () => {
    @Module({
      imports: [
        MailerModule.forRoot({ transport: 'memory://?max=5', defaults: { from: 'app@example.com' } }),
        MailerModule.forRoot({ name: 'alerts', transport: { type: 'memory', redirectTo: 'qa@example.com' }, defaults: { from: 'alerts@example.com' } }),
      ],
      controllers: [InboxController],
      providers: [WelcomeMailer],
    })
    class AppModule {}

    app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
    await app.listen(0, '127.0.0.1');
    const response = await fetch(`${await app.getUrl()}/send`);
    expect(await response.json()).toEqual({ ok: true });

    const transport = app.get<MailTransport>(MAILER_TRANSPORT);
    expect(transport).toBeInstanceOf(MemoryTransport);
    const store = getDevStore(transport)!;
    expect(store.max).toBe(5);
    expect(store.list().map((m) => [m.from, m.to, m.subject, m.text])).toEqual([['app@example.com', ['ann@example.com'], 'Welcome', 'Hello ann@example.com']]);

    const alerts = getDevStore(app.get<MailTransport>(getMailerTransportToken('alerts')))!;
    expect(alerts).not.toBe(store);
    expect(alerts.list()[0]).toMatchObject({ envelope: { from: 'alerts@example.com', to: ['qa@example.com'] }, headers: { 'x-original-to': ['ops@example.com'] } });
  });

  it('forRootAsync takes MAIL_URL from ConfigService; log:// logs through a Nest Logger', async () => {
    @Module({
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ MAIL_URL: 'log://' })] }),
        MailerModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({ transport: config.getOrThrow<string>('MAIL_URL'), defaults: { from: 'app@example.com' } }),
        }),
      ],
    })
    class AppModule {}

    app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
    await app.init();
    const transport = app.get<MailTransport>(MAILER_TRANSPORT);
    expect(transport).toBeInstanceOf(LogTransport);
    // The module gave it a Nest Logger, context "Mailer" (the console is never the fallback here).
    expect(transport.options.logger).toMatchObject({ context: 'Mailer' });
    await expect(app.get(MailerService).sendMail({ to: 'ann@example.com', text: 'x' })).resolves.toMatchObject({ response: '250 2.0.0 Logged' });
  });

  it('a bad dev URL stops the app with ECONFIG naming the mailer', async () => {
    @Module({ imports: [MailerModule.forRoot({ name: 'outbox', transport: 'memory://?max=abc' })] })
    class AppModule {}

    await expect(NestFactory.create(AppModule, { logger: false, abortOnError: false })).rejects.toMatchObject({
      code: 'ECONFIG',
      message: expect.stringMatching(/^mailer "outbox": invalid option max/),
    });
  });
});
