import 'reflect-metadata';
import { describe, it, expect } from '@jest/globals';
import { Module } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MailerModule, MailerService, SmtpError } from '../../lib/index.js';
import type { MailerModuleOptions } from '../../lib/index.js';
import { slotsClosedAfterEach } from '../helpers/per-test-slots.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import type { TestSmtpServer } from '../helpers/smtp-server.js';
import { closedPort } from '../helpers/free-port.js';

/** A real application context, as `NestFactory` builds it in main.ts (abortOnError: false, or a failure aborts). */
async function startApp(options: MailerModuleOptions): Promise<INestApplicationContext> {
  @Module({ imports: [MailerModule.forRoot(options)] })
  class AppModule {}
  return NestFactory.createApplicationContext(AppModule, { abortOnError: false, logger: false });
}

describe('MailerModule lifecycle', () => {
  const opened = slotsClosedAfterEach<{ app: INestApplicationContext; server: TestSmtpServer }>('app', 'server');

  it('does not connect at startup by default', async () => {
    opened.server = await startSmtpServer();
    opened.app = await startApp({ transport: { host: '127.0.0.1', port: opened.server.port } });
    expect(opened.server.connectionCount()).toBe(0);
  });

  it('verifyOnBootstrap: true verifies the transport during startup', async () => {
    opened.server = await startSmtpServer();
    opened.app = await startApp({ transport: { host: '127.0.0.1', port: opened.server.port }, verifyOnBootstrap: true });
    expect(opened.server.connectionCount()).toBe(1);
    expect(opened.server.commands.map((c) => c.command)).toEqual(expect.arrayContaining(['EHLO', 'QUIT']));
    expect(opened.server.messages).toHaveLength(0);
  });

  it('verifyOnBootstrap failure stops the app from starting with the transport SmtpError', async () => {
    const port = await closedPort();
    const error = await startApp({ name: 'alerts', transport: { host: '127.0.0.1', port }, verifyOnBootstrap: true }).then(
      (started) => { opened.app = started; return undefined; },
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(SmtpError);
    expect((error as SmtpError).code).toBe('ECONNECTION');
    expect((error as SmtpError).phase).toBe('connect');
    expect((error as SmtpError).message).toMatch(/^mailer "alerts": verifyOnBootstrap failed: /);
  });

  it('verifyOnBootstrap returned by a forRootAsync factory is honoured', async () => {
    const port = await closedPort();
    @Module({
      imports: [MailerModule.forRootAsync({ useFactory: () => ({ transport: { host: '127.0.0.1', port }, verifyOnBootstrap: true }) })],
    })
    class AsyncAppModule {}
    await expect(NestFactory.createApplicationContext(AsyncAppModule, { abortOnError: false, logger: false })).rejects.toMatchObject({
      code: 'ECONNECTION',
    });
  });

  it('shutdown delivers messages still queued or in flight before the server stops', async () => {
    // Each session waits 300 ms before its greeting, so both messages are still pending when close() starts.
    opened.server = await startSmtpServer({ serverOptions: { onConnect: (_session, callback) => void setTimeout(callback, 300) } });
    const started = await startApp({ transport: { host: '127.0.0.1', port: opened.server.port, pool: true, maxConnections: 1 }, defaults: { from: 'app@example.com' } });
    const mailer = started.get(MailerService);
    const sending = [
      mailer.sendMail({ to: 'a@example.com', subject: 'one', text: '1' }),
      mailer.sendMail({ to: 'b@example.com', subject: 'two', text: '2' }),
    ];
    expect(opened.server.messages).toHaveLength(0);
    await started.close();
    // close() resolved: both messages already reached the server, which is still running.
    expect(opened.server.messages.map((m) => m.envelope.to[0])).toEqual(['a@example.com', 'b@example.com']);
    await expect(Promise.all(sending)).resolves.toHaveLength(2);
    await expect(mailer.sendMail({ to: 'c@example.com', text: 'late' })).rejects.toMatchObject({ code: 'ECLOSED' });
  });
});
