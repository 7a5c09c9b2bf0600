import 'reflect-metadata';
import { describe, it, expect, afterEach } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import type { LoggerService } from '@nestjs/common';
import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { ModuleRef } from '@nestjs/core';
import { MailerModule, MailerService, SmtpError } from '../../lib/index.js';
import type { MailerHooks, MailFailedEvent, MailSentEvent, SentMessageInfo } from '../../lib/index.js';
import { findMailEvents } from '../../lib/nest/hooks/mail-events.js';
import { slotsClosedAfterEach } from '../helpers/per-test-slots.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { closedPort } from '../helpers/free-port.js';
import { rejectionOf } from '../helpers/settle.js';

const message = { to: 'ann@example.com', subject: 'Hello', text: 'Hi Ann' };

/** A Nest LoggerService that keeps what it was given at error level, from any context. */
const loggedErrors: string[] = [];
const recordingLogger: LoggerService = {
  log: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
  verbose: () => undefined,
  error: (text: unknown) => void loggedErrors.push(String(text)),
};

@Injectable()
class MailListener {
  readonly sent: MailSentEvent[] = [];
  readonly failed: MailFailedEvent[] = [];
  @OnEvent('mail.sent') onSent(event: MailSentEvent): void {
    this.sent.push(event);
  }
  @OnEvent('mail.failed') onFailed(event: MailFailedEvent): void {
    this.failed.push(event);
  }
}

describe('mailer hooks', () => {
  const opened = slotsClosedAfterEach<{ moduleRef: TestingModule; server: TestSmtpServer }>('moduleRef', 'server');

  afterEach(() => {
    loggedErrors.length = 0;
  });

  async function mailerWith(options: { hooks?: MailerHooks; events?: boolean; port?: number }, imports: unknown[] = [], providers: unknown[] = []) {
    const port = options.port ?? (opened.server ??= await startSmtpServer()).port;
    opened.moduleRef = await Test.createTestingModule({
      imports: [...(imports as never[]), MailerModule.forRoot({ transport: `smtp://127.0.0.1:${port}`, defaults: { from: 'app@example.com' }, hooks: options.hooks, events: options.events })],
      providers: providers as never[],
    }).compile();
    opened.moduleRef.useLogger(recordingLogger);
    await opened.moduleRef.init();
    return opened.moduleRef.get(MailerService);
  }

  it('beforeSend may change a message: what arrives shows the change, and afterSend sees the message as sent', async () => {
    const seen: Array<{ info: SentMessageInfo; subject?: string }> = [];
    const mailer = await mailerWith({
      hooks: {
        beforeSend: (m) => ({ ...m, subject: `[staging] ${m.subject}`, headers: { 'X-Tenant': 'acme' } }),
        afterSend: (info, m) => void seen.push({ info, subject: m.subject }),
      },
    });
    const info = await mailer.sendMail(message);
    const parsed = await opened.server!.parse(0);
    expect(parsed.subject).toBe('[staging] Hello');
    expect(parsed.headers.get('x-tenant')).toBe('acme');
    expect(seen).toEqual([{ info, subject: '[staging] Hello' }]);
  });

  it('beforeSend that throws refuses the message: the send rejects with its error and nothing connects', async () => {
    const refusal = new SmtpError('EENVELOPE', 'ann@example.com unsubscribed; nothing was sent');
    const failures: unknown[] = [];
    const mailer = await mailerWith({
      hooks: {
        beforeSend: () => {
          throw refusal;
        },
        onError: (error) => void failures.push(error),
      },
    });
    await expect(mailer.sendMail(message)).rejects.toBe(refusal);
    expect(opened.server!.connectionCount()).toBe(0);
    expect(failures).toEqual([refusal]);
  });

  it('afterSend that throws is logged and the caller still gets the info', async () => {
    const mailer = await mailerWith({
      hooks: {
        afterSend: async () => {
          throw new Error('metrics backend down');
        },
      },
    });
    const info = await mailer.sendMail(message);
    expect(info.accepted).toEqual(['ann@example.com']);
    expect(opened.server!.messages).toHaveLength(1);
    expect(loggedErrors).toEqual([expect.stringContaining('afterSend hook threw: Error: metrics backend down')]);
  });

  it('onError gets the failure; when it throws, that is logged and the caller still gets the original error', async () => {
    const seen: unknown[] = [];
    const mailer = await mailerWith({
      port: await closedPort(),
      hooks: {
        onError: (error) => {
          seen.push(error);
          throw new Error('alerting down');
        },
      },
    });
    const err = await rejectionOf(mailer.sendMail(message));
    expect(err.code).toBe('ECONNECTION');
    expect(seen).toEqual([err]);
    expect(loggedErrors).toEqual([expect.stringContaining('onError hook threw: Error: alerting down')]);
  });

  it('forwards mail.sent and mail.failed through @nestjs/event-emitter when the app registers it', async () => {
    const mailer = await mailerWith({}, [EventEmitterModule.forRoot()], [MailListener]);
    const listener = opened.moduleRef!.get(MailListener);
    const info = await mailer.sendMail(message);
    await rejectionOf(mailer.sendMail({ ...message, to: 'not an address' }));
    expect(listener.sent).toEqual([{ mailer: 'default', message, info }]);
    expect(listener.failed).toEqual([{ mailer: 'default', message: { ...message, to: 'not an address' }, error: expect.objectContaining({ code: 'EENVELOPE' }) }]);
  });

  it('a listener that throws does not turn a sent message into a failure', async () => {
    @Injectable()
    class ThrowingListener {
      @OnEvent('mail.sent') onSent(): void {
        throw new Error('listener bug');
      }
    }
    const mailer = await mailerWith({ events: true }, [EventEmitterModule.forRoot()], [ThrowingListener]);
    await expect(mailer.sendMail(message)).resolves.toMatchObject({ accepted: ['ann@example.com'] });
    expect(loggedErrors.join('\n')).toContain('listener bug');
  });

  it('with events: true and no EventEmitterModule, startup fails naming what to import', async () => {
    opened.server = await startSmtpServer();
    const ref = await Test.createTestingModule({
      imports: [MailerModule.forRoot({ transport: `smtp://127.0.0.1:${opened.server.port}`, events: true })],
    }).compile();
    await expect(ref.init()).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('EventEmitterModule.forRoot()') });
    await ref.close();
  });

  it('without the package, events: true names it, and events left out does nothing', async () => {
    opened.server = await startSmtpServer();
    const ref = await Test.createTestingModule({ imports: [EventEmitterModule.forRoot()] }).compile();
    const missing = async () => {
      throw Object.assign(new Error("Cannot find package '@nestjs/event-emitter'"), { code: 'ERR_MODULE_NOT_FOUND' });
    };
    const modules = ref.get(ModuleRef);
    await expect(findMailEvents(modules, true, 'default', missing)).rejects.toMatchObject({
      code: 'ECONFIG',
      message: expect.stringContaining('npm install @nestjs/event-emitter'),
    });
    await expect(findMailEvents(modules, undefined, 'default', missing)).resolves.toBeUndefined();
    await expect(findMailEvents(modules, false, 'default')).resolves.toBeUndefined();
    // The real package, registered: found.
    await expect(findMailEvents(modules, undefined, 'default')).resolves.toBeDefined();
    await ref.close();
  });
});
