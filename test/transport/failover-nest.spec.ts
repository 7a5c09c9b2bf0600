import 'reflect-metadata';
import { describe, it, expect } from '@jest/globals';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { FailoverTransport, MAILER_OPTIONS, MAILER_TRANSPORT, MailerModule, MailerService } from '../../lib/index.js';
import type { FailoverEvent, ResolvedSmtpOptions } from '../../lib/index.js';
import { getDevStore } from '../../lib/dev/create-mail-transport.js';
import { slotsClosedAfterEach } from '../helpers/per-test-slots.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { closedPort } from '../helpers/free-port.js';

describe('MailerModule with a list of transports', () => {
  const opened = slotsClosedAfterEach<{ moduleRef: TestingModule; server: TestSmtpServer }>('moduleRef', 'server');

  it('sends through the backup when the primary is down; MAILER_OPTIONS are the primary\'s', async () => {
    opened.server = await startSmtpServer();
    const primaryPort = await closedPort();
    const events: FailoverEvent[] = [];
    opened.moduleRef = await Test.createTestingModule({
      imports: [
        MailerModule.forRoot({
          transport: [`smtp://127.0.0.1:${primaryPort}`, { host: '127.0.0.1', port: opened.server.port }],
          failover: { cooldownMs: 60_000, onFailover: (event) => events.push(event) },
          defaults: { from: 'app@example.com' },
        }),
      ],
    }).compile();
    await opened.moduleRef.init();
    const info = await opened.moduleRef.get(MailerService).sendMail({ to: 'ann@example.com', subject: 'Hi', text: 'Hello' });
    expect(info.transport).toEqual({ index: 1, name: `127.0.0.1:${opened.server.port}` });
    expect(opened.server.messages[0].envelope).toEqual({ from: 'app@example.com', to: ['ann@example.com'] });
    expect(events.map((e) => e.error.code)).toEqual(['ECONNECTION']);
    expect(opened.moduleRef.get(MAILER_TRANSPORT)).toBeInstanceOf(FailoverTransport);
    expect(opened.moduleRef.get<ResolvedSmtpOptions>(MAILER_OPTIONS).port).toBe(primaryPort);
  });

  it('takes dev URLs in the list, named by kind', async () => {
    opened.moduleRef = await Test.createTestingModule({
      imports: [MailerModule.forRoot({ transport: [`smtp://127.0.0.1:${await closedPort()}`, 'memory://'], defaults: { from: 'app@example.com' } })],
    }).compile();
    await opened.moduleRef.init();
    const info = await opened.moduleRef.get(MailerService).sendMail({ to: 'ann@example.com', subject: 'Kept', text: 'Hello' });
    expect(info.transport).toEqual({ index: 1, name: 'memory' });
    const transport = opened.moduleRef.get<FailoverTransport>(MAILER_TRANSPORT);
    expect(getDevStore(transport.transports[1])?.list().map((m) => m.subject)).toEqual(['Kept']);
  });

  it('names the mailer and the position of a bad transport in the list', async () => {
    const compiling = Test.createTestingModule({ imports: [MailerModule.forRoot({ name: 'billing', transport: ['memory://', 'smtp://127.0.0.1:70000'] })] }).compile();
    await expect(compiling).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringMatching(/^mailer "billing": transport 1: .*port/) });
  });

  it('refuses failover options with a single transport, and an empty list, with ECONFIG naming the mailer', async () => {
    for (const options of [{ transport: 'memory://', failover: { cooldownMs: 5 } }, { transport: [] }]) {
      await expect(Test.createTestingModule({ imports: [MailerModule.forRoot({ name: 'billing', ...options })] }).compile()).rejects.toMatchObject({
        code: 'ECONFIG',
        message: expect.stringContaining('mailer "billing"'),
      });
    }
  });
});
