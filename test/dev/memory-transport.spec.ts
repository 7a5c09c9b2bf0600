import { describe, expect, it } from '@jest/globals';
import { createMailTransport, getDevStore, MailerDevStore, MemoryTransport } from '../../lib/dev.js';
import { SmtpError } from '../../lib/engine.js';
import type { SentMessageInfo } from '../../lib/engine.js';
import { fileURLToPath } from 'node:url';
import { parseMail } from '../helpers/parse-mail.js';

const FIXTURE_FILE = fileURLToPath(new URL('../fixtures/localhost.cert.pem', import.meta.url));

describe('memory:// transport', () => {
  it('keeps each message, composed and read back, and resolves the SentMessageInfo of a real send', async () => {
    const transport = createMailTransport('memory://', { from: 'App <app@example.com>' });
    expect(transport).toBeInstanceOf(MemoryTransport);
    const info = await transport.sendMail({ to: 'ann@example.com', bcc: 'audit@example.com', subject: 'Hi', text: 'Hello Ann', html: '<p>Hello</p>' });

    expect(info).toEqual({
      envelope: { from: 'app@example.com', to: ['ann@example.com', 'audit@example.com'] },
      messageId: expect.stringMatching(/^<.+@example\.com>$/),
      accepted: ['ann@example.com', 'audit@example.com'],
      rejected: [],
      response: '250 2.0.0 Kept in memory as 1',
      envelopeTime: 0,
      messageTime: expect.any(Number),
      messageSize: expect.any(Number),
    });
    const store = getDevStore(transport)!;
    const [kept] = store.list();
    expect(kept).toMatchObject({ id: '1', messageId: info.messageId, from: 'app@example.com', to: ['ann@example.com'], subject: 'Hi', size: info.messageSize });
    expect(kept.text).toBe('Hello Ann');
    expect(kept.envelope.to).toContain('audit@example.com');
    // The raw bytes are the message a client would open: no Bcc header.
    const parsed = await parseMail(kept.raw);
    expect(parsed.subject).toBe('Hi');
    expect(parsed.html).toBe('<p>Hello</p>');
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(kept.raw.length).toBe(info.messageSize);
  });

  it('keeps the last max messages with memory://?max=', async () => {
    const transport = createMailTransport('memory://?max=2') as MemoryTransport;
    for (const subject of ['one', 'two', 'three']) await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject, text: subject });
    expect(transport.store.max).toBe(2);
    expect(transport.store.list().map((m) => m.subject)).toEqual(['three', 'two']);
  });

  it('fails bad input with the codes of a real send and keeps nothing', async () => {
    const transport = createMailTransport({ type: 'memory' });
    await expect(transport.sendMail({ from: 'a@example.com', subject: 'no one', text: 'x' })).rejects.toMatchObject({ code: 'EENVELOPE' });
    await expect(transport.sendMail({ from: 'a@example.com', to: 'b@example.com', headers: { 'Bad Name': 'x' }, text: 'x' })).rejects.toMatchObject({ code: 'EMESSAGE' });
    expect(transport.store.size).toBe(0);
    // File access is allowed by default, as on an SMTP transport.
    await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', attachments: [{ path: FIXTURE_FILE }] });
    expect(transport.store.list()[0].attachments[0].content.toString()).toContain('BEGIN CERTIFICATE');
  });

  it('honours disableFileAccess from the URL query', async () => {
    const transport = createMailTransport('memory://?disableFileAccess=true') as MemoryTransport;
    await expect(transport.sendMail({ from: 'a@example.com', to: 'b@example.com', attachments: [{ path: FIXTURE_FILE }] })).rejects.toMatchObject({ code: 'EFILEACCESS' });
    expect(transport.store.size).toBe(0);
  });

  it('shares a store given in the options and tells each new message to its listeners', async () => {
    const store = new MailerDevStore({ max: 10 });
    const heard: string[] = [];
    store.on('message', (mail) => heard.push(mail.subject ?? ''));
    const a = createMailTransport({ type: 'memory', store });
    const b = createMailTransport({ type: 'memory', store });
    await a.sendMail({ from: 'a@example.com', to: 'x@example.com', subject: 'from a', text: '.' });
    await b.sendMail({ from: 'b@example.com', to: 'x@example.com', subject: 'from b', text: '.' });
    expect(heard).toEqual(['from a', 'from b']);
    expect(a.store).toBe(b.store);
  });

  it('calls back once, verifies while open, and refuses with ECLOSED after close()', async () => {
    const transport = createMailTransport('memory://');
    const result = await new Promise<[SmtpError | null, SentMessageInfo | undefined]>((resolve) => {
      transport.sendMail({ from: 'a@example.com', to: 'b@example.com', text: '.' }, (err, info) => resolve([err, info]));
    });
    expect(result[0]).toBeNull();
    expect(result[1]?.accepted).toEqual(['b@example.com']);
    await expect(transport.verify()).resolves.toBe(true);
    expect(transport.isIdle()).toBe(true);
    await transport.close();
    expect(transport.isIdle()).toBe(false);
    await expect(transport.verify()).rejects.toMatchObject({ code: 'ECLOSED' });
    await expect(transport.sendMail({ from: 'a@example.com', to: 'b@example.com', text: '.' })).rejects.toBeInstanceOf(SmtpError);
  });

  it('gives no store for a transport of another kind', () => {
    expect(getDevStore(createMailTransport('log://', undefined))).toBeUndefined();
    expect(getDevStore(createMailTransport('smtp://127.0.0.1:2525'))).toBeUndefined();
  });
});
