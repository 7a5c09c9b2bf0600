import 'reflect-metadata';
import { describe, it, expect, afterEach } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { Readable } from 'node:stream';
import {
  InjectMailer,
  MAILER_DEFAULTS,
  MAILER_OPTIONS,
  MAILER_TRANSPORT,
  MailerHealthIndicator,
  MailerService,
  SmtpError,
  getMailerTransportToken,
} from '../../lib/index.js';
import type { ResolvedSmtpOptions, SmtpTransport } from '../../lib/index.js';
import { MailerTestingModule, MailerTestingStore, getMailerTestingStoreToken } from '../../lib/testing.js';

/** A service as users write them: it only knows MailerService. */
@Injectable()
class WelcomeService {
  constructor(
    private readonly mailer: MailerService,
    @InjectMailer('alerts') private readonly alerts: MailerService,
  ) {}

  welcome(to: string) {
    return this.mailer.sendMail({ to, subject: 'Welcome, Jörg ✓', text: 'Hello\nline two', html: '<p>Hello</p>' });
  }

  alert(text: string) {
    return this.alerts.sendMail({ to: 'ops@example.com', subject: 'alert', text });
  }
}

describe('MailerTestingModule', () => {
  let moduleRef: TestingModule | undefined;
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  async function compile(): Promise<TestingModule> {
    moduleRef = await Test.createTestingModule({
      imports: [
        MailerTestingModule.forRoot({ defaults: { from: 'App <app@example.com>' } }),
        MailerTestingModule.forRoot({ name: 'alerts', defaults: { from: 'alerts@example.com' } }),
      ],
      providers: [WelcomeService],
    }).compile();
    await moduleRef.init();
    return moduleRef;
  }

  it('records each message fully composed: envelope, from, to, subject, text, html, raw', async () => {
    const ref = await compile();
    const info = await ref.get(WelcomeService).welcome('Ann <ann@example.com>');
    const store = ref.get(MailerTestingStore);
    expect(store.sent).toHaveLength(1);
    const mail = store.sent[0];
    expect(info.accepted).toEqual(['ann@example.com']);
    expect(info.messageId).toBe(mail.messageId);
    expect(mail.envelope).toEqual({ from: 'app@example.com', to: ['ann@example.com'] });
    expect(mail.from).toBe('app@example.com');
    expect(mail.to).toEqual(['ann@example.com']);
    expect(mail.subject).toBe('Welcome, Jörg ✓');
    expect(mail.text).toBe('Hello\nline two');
    expect(mail.html).toBe('<p>Hello</p>');
    expect(mail.raw).toMatch(/^(?=[\s\S]*\r\nMIME-Version: 1\.0\r\n)(?=[\s\S]*\r\nMessage-ID: )/i);
    expect(mail.raw).not.toContain('Jörg'); // RFC 2047 encoded, as on the wire
    expect(mail.headers['message-id'][0]).toBe(mail.messageId);
    expect(store.last).toBe(mail);
  });

  it('keeps named mailers apart, each with its own store', async () => {
    const ref = await compile();
    await ref.get(WelcomeService).alert('disk full');
    expect(ref.get(MailerTestingStore).sent).toHaveLength(0);
    const alerts = ref.get<MailerTestingStore>(getMailerTestingStoreToken('alerts'));
    expect(alerts.sent.map((m) => [m.from, m.text])).toEqual([['alerts@example.com', 'disk full']]);
  });

  it('decodes attachments and keeps bcc in the envelope only', async () => {
    const ref = await compile();
    await ref.get(MailerService).sendMail({
      to: 'a@example.com',
      cc: ['c@example.com'],
      bcc: 'hidden@example.com',
      subject: 'files',
      text: 'see attached',
      attachments: [
        { filename: 'report é.csv', content: 'a,b\n1,2\n' },
        { filename: 'data.bin', content: Readable.from([Buffer.from([0, 1, 2, 255])]) },
        { filename: 'logo.png', content: Buffer.from('png'), cid: 'logo@app', contentType: 'image/png' },
      ],
    });
    const mail = ref.get(MailerTestingStore).sent[0];
    expect(mail.envelope.to).toEqual(['a@example.com', 'c@example.com', 'hidden@example.com']);
    expect(mail.cc).toEqual(['c@example.com']);
    expect(mail.raw).not.toContain('hidden@example.com');
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['report é.csv', 'text/csv'],
      ['data.bin', 'application/octet-stream'],
      ['logo.png', 'image/png'],
    ]);
    expect(mail.attachments[0].content.toString()).toBe('a,b\n1,2\n');
    expect([...mail.attachments[1].content]).toEqual([0, 1, 2, 255]);
    expect(mail.attachments[2].cid).toBe('logo@app');
  });

  it('registers the same tokens as MailerModule, health indicator included', async () => {
    moduleRef = await Test.createTestingModule({ imports: [MailerTestingModule.forRoot(), TerminusModule] }).compile();
    const mailer = moduleRef.get(MailerService);
    expect(moduleRef.get(MAILER_TRANSPORT)).toBe(mailer.transport);
    expect(moduleRef.get<ResolvedSmtpOptions>(MAILER_OPTIONS).port).toBe(587);
    expect(moduleRef.get(MAILER_DEFAULTS)).toEqual({});
    await expect(mailer.verify()).resolves.toBe(true);
    await expect(moduleRef.get(MailerHealthIndicator).isHealthy()).resolves.toEqual({ mailer: { status: 'up' } });
  });

  it('fails like the real transport on bad input, and records nothing', async () => {
    const ref = await compile();
    const mailer = ref.get(MailerService);
    await expect(mailer.sendMail({ to: 'b@x.test>\r\nRCPT TO:<evil@z.test', text: 'x' })).rejects.toBeInstanceOf(SmtpError);
    await expect(mailer.sendMail({ to: 'b@x.test>\r\nRCPT TO:<evil@z.test', text: 'x' })).rejects.toMatchObject({ code: 'EENVELOPE' });
    await expect(mailer.sendMail({ subject: 'nobody', text: 'x' })).rejects.toMatchObject({ code: 'EENVELOPE' });
    expect(ref.get(MailerTestingStore).sent).toHaveLength(0);
  });

  it('clear() forgets what was sent; after shutdown sendMail rejects with ECLOSED', async () => {
    const ref = await compile();
    const mailer = ref.get(MailerService);
    await mailer.sendMail({ to: 'a@example.com', text: 'one' });
    const store = ref.get(MailerTestingStore);
    store.clear();
    expect(store.sent).toEqual([]);
    await ref.close();
    moduleRef = undefined;
    await expect(mailer.sendMail({ to: 'a@example.com', text: 'late' })).rejects.toMatchObject({ code: 'ECLOSED' });
  });

  it('offers the callback forms of sendMail, verify and close, each returning nothing and calling back once', async () => {
    const ref = await compile();
    const transport = ref.get<SmtpTransport>(MAILER_TRANSPORT);
    const calls: Array<[string, unknown, unknown]> = [];
    const record = (name: string) => (err: unknown, result?: unknown) => void calls.push([name, err, result]);
    const returned = [
      transport.sendMail({ to: 'a@example.com', text: 'by callback' }, record('sendMail')),
      transport.verify(record('verify')),
    ];
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(returned).toEqual([undefined, undefined]);
    expect(calls).toEqual([
      ['verify', null, true],
      ['sendMail', null, expect.objectContaining({ accepted: ['a@example.com'] })],
    ]);
    expect(ref.get(MailerTestingStore).sent.map((mail) => mail.text)).toEqual(['by callback']);
    expect(transport.close(record('close'))).toBeUndefined();
    transport.verify(record('verify after close'));
    transport.sendMail({ to: 'a@example.com', text: 'late' }, record('sendMail after close'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls.slice(2)).toEqual([
      ['close', null, undefined],
      ['verify after close', expect.objectContaining({ code: 'ECLOSED' }), undefined],
      ['sendMail after close', expect.objectContaining({ code: 'ECLOSED' }), undefined],
    ]);
  });

  it('isGlobal serves feature modules that do not import it', async () => {
    @Module({ providers: [WelcomeService], exports: [WelcomeService] })
    class FeatureModule {}
    moduleRef = await Test.createTestingModule({
      imports: [MailerTestingModule.forRoot({ isGlobal: true }), MailerTestingModule.forRoot({ name: 'alerts', isGlobal: true }), FeatureModule],
    }).compile();
    await moduleRef.get(WelcomeService).welcome('ann@example.com');
    expect(moduleRef.get(MailerTestingStore).sent).toHaveLength(1);
    expect(moduleRef.get(getMailerTransportToken('alerts'))).toBeDefined();
  });
});
