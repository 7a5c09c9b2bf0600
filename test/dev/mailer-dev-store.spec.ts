import { describe, expect, it } from '@jest/globals';
import { MailerDevStore } from '../../lib/dev.js';
import type { CapturedMail } from '../../lib/dev.js';

function mail(subject: string): Omit<CapturedMail, 'id'> {
  const raw = Buffer.from(`Subject: ${subject}\r\n\r\nbody\r\n`);
  return {
    envelope: { from: 'app@example.com', to: ['ann@example.com'] },
    messageId: `<${subject}@example.com>`,
    date: new Date(),
    size: raw.length,
    raw,
    headers: { subject: [subject] },
    to: ['ann@example.com'],
    cc: [],
    replyTo: [],
    subject,
    attachments: [],
  };
}

describe('MailerDevStore', () => {
  it('lists newest first, finds by id, and gives the raw bytes', () => {
    const store = new MailerDevStore();
    const first = store.add(mail('one'));
    const second = store.add(mail('two'));
    expect(store.list().map((m) => m.subject)).toEqual(['two', 'one']);
    expect(store.get(first.id)?.subject).toBe('one');
    expect(store.raw(second.id)?.toString()).toBe('Subject: two\r\n\r\nbody\r\n');
    expect(store.get('nope')).toBeUndefined();
    expect(store.size).toBe(2);
  });

  it('keeps the last max messages and forgets the ids of those dropped', () => {
    const store = new MailerDevStore({ max: 2 });
    const dropped = store.add(mail('a'));
    store.add(mail('b'));
    store.add(mail('c'));
    expect(store.list().map((m) => m.subject)).toEqual(['c', 'b']);
    expect(store.get(dropped.id)).toBeUndefined();
    expect(store.raw(dropped.id)).toBeUndefined();
  });

  it('keeps 1000 messages by default', () => {
    const store = new MailerDevStore();
    for (let i = 0; i < 1005; i++) store.add(mail(`m${i}`));
    expect(store.max).toBe(1000);
    expect(store.size).toBe(1000);
    expect(store.list()[999].subject).toBe('m5');
  });

  it('emits message for each one kept and clear after clear(); ids are never reused', () => {
    const store = new MailerDevStore();
    const heard: string[] = [];
    store.on('message', (m) => heard.push(`message ${m.id} ${m.subject}`));
    store.on('clear', () => heard.push('clear'));
    store.add(mail('a'));
    store.clear();
    const after = store.add(mail('b'));
    expect(heard).toEqual(['message 1 a', 'clear', 'message 2 b']);
    expect(after.id).toBe('2');
    expect(store.list()).toHaveLength(1);
  });

  it('keeps a message given as bytes, read back with its Message-ID, subject and body', () => {
    const store = new MailerDevStore();
    const raw = Buffer.from('From: App <app@example.com>\r\nTo: ann@example.com\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\nMessage-ID: <abc@example.com>\r\n\r\nHello\r\n');
    const kept = store.addRaw(raw, { from: 'app@example.com', to: ['ann@example.com', 'audit@example.com'] });
    expect(kept).toMatchObject({ id: '1', messageId: '<abc@example.com>', from: 'app@example.com', to: ['ann@example.com'], subject: 'Grüße', size: raw.length });
    expect(kept.text).toBe('Hello\n');
    expect(kept.envelope.to).toEqual(['ann@example.com', 'audit@example.com']);
    expect(store.raw('1')).toBe(raw);
  });

  it.each([0, -1, 1.5, Number.NaN, '50' as unknown as number])('refuses max %p with ECONFIG', (max) => {
    expect(() => new MailerDevStore({ max })).toThrow(expect.objectContaining({ code: 'ECONFIG' }));
  });
});
