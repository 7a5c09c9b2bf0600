import 'reflect-metadata';
import { describe, it, expect, afterAll, beforeAll } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { InjectMailer, MailerService, MailOutbox, SmtpError, getMailerOutboxToken } from '../../lib/index.js';
import type { EnqueueOptions, SendableMessage } from '../../lib/index.js';
import { createTransport } from '../../lib/transport/transport.js';
import { functionTemplates } from '../../lib/templates/functions.js';
import { MailerTestingModule, MailerTestingStore, getMailerTestingStoreToken } from '../../lib/testing.js';
import { closedPort } from '../helpers/free-port.js';
import { slotsClosedAfterEach } from '../helpers/per-test-slots.js';

const templates = functionTemplates({ receipt: (context: { order: number }) => ({ subject: `Receipt #${context.order}`, text: `Thanks for order ${context.order}` }) });
const defaults = { from: 'Shop <shop@example.com>' };

/** A service as users write them: it queues its mail and knows nothing of Redis. */
@Injectable()
class ReceiptService {
  constructor(
    private readonly mailer: MailerService,
    @InjectMailer('bulk') private readonly bulk: MailerService,
  ) {}

  receipt(order: number, to: string) {
    return this.mailer.enqueue({ to, template: 'receipt', context: { order } }, { jobId: `receipt-${order}` });
  }

  newsletter(to: string) {
    return this.bulk.enqueue({ to, subject: 'News', text: 'This month' }, { delay: 60_000, priority: 5 });
  }
}

describe('MailerTestingModule enqueue', () => {
  const opened = slotsClosedAfterEach<{ moduleRef: TestingModule }>('moduleRef');

  async function compile(): Promise<TestingModule> {
    opened.moduleRef = await Test.createTestingModule({
      imports: [MailerTestingModule.forRoot({ defaults, templates }), MailerTestingModule.forRoot({ name: 'bulk', defaults })],
      providers: [ReceiptService],
    }).compile();
    await opened.moduleRef.init();
    return opened.moduleRef;
  }

  it('records a queued message at once, composed in full, with its job; resolves { jobId, messageId } without Redis', async () => {
    const ref = await compile();
    const result = await ref.get(ReceiptService).receipt(42, 'Ann <ann@example.com>');
    const store = ref.get(MailerTestingStore);
    expect(result).toEqual({ jobId: 'receipt-42', messageId: expect.stringMatching(/^<.+@.+>$/) });
    expect(store.sent).toHaveLength(1);
    const mail = store.sent[0];
    expect(mail).toMatchObject({
      messageId: result.messageId,
      envelope: { from: 'shop@example.com', to: ['ann@example.com'] },
      from: 'shop@example.com',
      to: ['ann@example.com'],
      subject: 'Receipt #42',
      text: 'Thanks for order 42',
      template: { template: 'receipt', context: { order: 42 } },
      queued: { jobId: 'receipt-42' },
    });
    expect(mail.raw).toContain(`Message-ID: ${result.messageId}`);
    expect(store.findJob('receipt-42')).toBe(mail);
    expect(ref.get(getMailerOutboxToken())).toBeNull();
  });

  it('a jobId already recorded records nothing new and resolves the first messageId; without one, each job gets a fresh id', async () => {
    const ref = await compile();
    const mailer = ref.get(MailerService);
    const first = await mailer.enqueue({ to: 'ann@example.com', subject: 'first', text: 'one' }, { jobId: 'welcome-ann' });
    const again = await mailer.enqueue({ to: 'ann@example.com', subject: 'second', text: 'two' }, { jobId: 'welcome-ann' });
    expect(again).toEqual(first);
    const store = ref.get(MailerTestingStore);
    expect(store.sent.map((mail) => mail.subject)).toEqual(['first']);
    const [a, b] = await Promise.all([mailer.enqueue({ to: 'b@example.com', text: 'x' }), mailer.enqueue({ to: 'c@example.com', text: 'y' })]);
    expect(a.jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set([a.jobId, b.jobId, first.jobId]).size).toBe(3);
    expect(store.sent.map((mail) => mail.queued?.jobId)).toEqual(['welcome-ann', a.jobId, b.jobId]);
    store.clear();
    await mailer.enqueue({ to: 'ann@example.com', subject: 'after clear', text: 'three' }, { jobId: 'welcome-ann' });
    expect(store.sent.map((mail) => mail.subject)).toEqual(['after clear']);
  });

  it('keeps delay and priority on the record, in the named mailer\'s own store', async () => {
    const ref = await compile();
    const { jobId } = await ref.get(ReceiptService).newsletter('ann@example.com');
    expect(ref.get(MailerTestingStore).sent).toEqual([]);
    const bulk = ref.get<MailerTestingStore>(getMailerTestingStoreToken('bulk'));
    expect(bulk.sent.map((mail) => mail.queued)).toEqual([{ jobId, delay: 60_000, priority: 5 }]);
  });

  it('sendMail and enqueue record into the same list, in call order; only the queued one has queued set', async () => {
    const ref = await compile();
    const mailer = ref.get(MailerService);
    await mailer.sendMail({ to: 'a@example.com', subject: 'direct', text: 'x' });
    await mailer.enqueue({ to: 'a@example.com', subject: 'queued', text: 'y' });
    expect(ref.get(MailerTestingStore).sent.map((mail) => [mail.subject, mail.queued !== undefined])).toEqual([
      ['direct', false],
      ['queued', true],
    ]);
  });

  describe('refuses what the outbox refuses, with the same SmtpError, and records nothing', () => {
    let outbox: MailOutbox;

    beforeAll(async () => {
      // Nothing listens on the port: every case below is refused before the outbox would touch Redis.
      const transport = createTransport({ templates, logger: false });
      outbox = await MailOutbox.create({ transport, defaults, connection: `redis://127.0.0.1:${await closedPort()}`, worker: false });
    });
    afterAll(async () => {
      await outbox?.close();
    });

    // Every row has its options (jest reads a shorter row's missing argument as a done callback).
    const cases: Array<[string, SendableMessage, EnqueueOptions]> = [
      ['no recipient', { subject: 'nobody', text: 'x' }, {}],
      ['a recipient that smuggles a command', { to: 'b@x.test>\r\nRCPT TO:<evil@z.test', text: 'x' }, {}],
      ['an unknown template', { to: 'a@example.com', template: 'missing' }, {}],
      ['a numeric jobId', { to: 'a@example.com', text: 'x' }, { jobId: '123' }],
      ['a jobId with a colon', { to: 'a@example.com', text: 'x' }, { jobId: 'a:b' }],
      ['an empty jobId', { to: 'a@example.com', text: 'x' }, { jobId: '' }],
      ['a negative delay', { to: 'a@example.com', text: 'x' }, { delay: -1 }],
      ['a priority of 0', { to: 'a@example.com', text: 'x' }, { priority: 0 }],
      ['a message over the outbox limit', { to: 'a@example.com', text: 'x', attachments: [{ filename: 'big.bin', content: Buffer.alloc(10 * 1024 * 1024 + 1) }] }, {}],
    ];

    it.each(cases)('%s', async (_name, message, options) => {
      const ref = await compile();
      const outboxError = await outbox.enqueue(message, options).catch((err: unknown) => err);
      const testingError = await ref.get(MailerService).enqueue(message as never, options).catch((err: unknown) => err);
      expect(outboxError).toBeInstanceOf(SmtpError);
      expect(testingError).toBeInstanceOf(SmtpError);
      const { code, message: text } = outboxError as SmtpError;
      expect(code).not.toBe('EQUEUE');
      expect(testingError).toMatchObject({ code, message: text });
      expect(ref.get(MailerTestingStore).sent).toEqual([]);
    });
  });
});
