import { afterEach, describe, expect, it } from '@jest/globals';
import { createMailTransport, MemoryTransport } from '../../lib/dev.js';
import { createTransport, resolveOptions } from '../../lib/engine.js';
import type { SmtpTransport } from '../../lib/engine.js';
import { parseMail } from '../helpers/parse-mail.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import type { TestSmtpServer } from '../helpers/smtp-server.js';
import { SLOW_TIMEOUTS } from '../helpers/timeouts.js';

describe('staging options: redirectTo and allowRecipients', () => {
  let server: TestSmtpServer | undefined;
  let transport: SmtpTransport | undefined;

  afterEach(async () => {
    await transport?.close();
    await server?.close();
    transport = undefined;
    server = undefined;
  });

  it('redirectTo sends every message to the redirect targets only, keeping To, Cc and Bcc in X-Original-* headers', async () => {
    server = await startSmtpServer();
    transport = createTransport(`smtp://127.0.0.1:${server.port}/?redirectTo=qa@example.com,lead@example.com`);
    const info = await transport.sendMail({
      from: 'app@example.com',
      to: 'Ann Customer <ann@customer.test>',
      cc: 'bob@customer.test',
      bcc: 'audit@customer.test',
      subject: 'Your order',
      text: 'Shipped',
    });

    expect(server.messages).toHaveLength(1);
    const received = server.messages[0];
    // What the server saw: the redirect targets, and no original recipient anywhere in the dialogue.
    expect(received.envelope).toEqual({ from: 'app@example.com', to: ['qa@example.com', 'lead@example.com'] });
    expect(server.commands.filter((c) => c.command === 'RCPT').map((c) => c.line)).toEqual(['RCPT TO:<qa@example.com>', 'RCPT TO:<lead@example.com>']);
    expect(info.accepted).toEqual(['qa@example.com', 'lead@example.com']);

    const parsed = await parseMail(received.raw);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : undefined).toBe('qa@example.com, lead@example.com');
    expect(parsed.cc).toBeUndefined();
    expect(parsed.headers.get('x-original-to')).toBe('Ann Customer <ann@customer.test>');
    expect(parsed.headers.get('x-original-cc')).toBe('bob@customer.test');
    // Bcc in a header is intended here: the message reaches the redirect targets only.
    expect(parsed.headers.get('x-original-bcc')).toBe('audit@customer.test');
    expect(parsed.subject).toBe('Your order');
  });

  it('redirectTo replaces the recipients of an explicit envelope and of a raw message, keeping their sender', async () => {
    server = await startSmtpServer();
    transport = createTransport({ host: '127.0.0.1', port: server.port, ...SLOW_TIMEOUTS, redirectTo: ['qa@example.com'] });
    await transport.sendMail({ from: 'app@example.com', to: 'ann@customer.test', envelope: { from: 'bounces@example.com', to: 'ann@customer.test, other@customer.test' }, text: 'x' });
    await transport.sendMail({ envelope: { from: 'app@example.com', to: 'ann@customer.test' }, raw: 'From: app@example.com\r\nTo: ann@customer.test\r\nSubject: raw\r\n\r\nraw body\r\n' });
    expect(server.messages.map((m) => m.envelope)).toEqual([
      { from: 'bounces@example.com', to: ['qa@example.com'] },
      { from: 'app@example.com', to: ['qa@example.com'] },
    ]);
    // A raw message is sent as given: only its envelope changes.
    expect(server.messages[1].raw.toString()).toContain('Subject: raw');
  });

  it('redirectTo still refuses what a real send refuses: a message with no recipient, a bad address', async () => {
    server = await startSmtpServer();
    transport = createTransport({ host: '127.0.0.1', port: server.port, ...SLOW_TIMEOUTS, redirectTo: 'qa@example.com' });
    await expect(transport.sendMail({ from: 'app@example.com', subject: 'forgot the recipient', text: 'x' })).rejects.toMatchObject({ code: 'EENVELOPE' });
    await expect(transport.sendMail({ from: 'app@example.com', to: 'not an address', text: 'x' })).rejects.toMatchObject({ code: 'EENVELOPE' });
    expect(server.connectionCount()).toBe(0);
  });

  it('allowRecipients lets allowed recipients through (addresses and @domain, any case)', async () => {
    server = await startSmtpServer();
    transport = createTransport(`smtp://127.0.0.1:${server.port}/?allowRecipients=@Example.com,ann@x.test`);
    await transport.sendMail({ from: 'app@example.com', to: ['bob@example.COM', 'Ann@x.test'], text: 'x' });
    expect(server.messages[0].envelope.to).toEqual(['bob@example.COM', 'Ann@x.test']);
  });

  it('allowRecipients matches an internationalised domain in either form', async () => {
    const transport = createMailTransport({ type: 'memory', allowRecipients: '@bücher.example' });
    await transport.sendMail({ from: 'app@example.com', to: ['ann@BÜCHER.example', 'bob@xn--bcher-kva.example'], text: 'x' });
    expect(transport.store.list()[0].envelope.to).toEqual(['ann@BÜCHER.example', 'bob@xn--bcher-kva.example']);
    await expect(transport.sendMail({ from: 'app@example.com', to: 'eve@bucher.example', text: 'x' })).rejects.toMatchObject({ code: 'EENVELOPE' });
  });

  it('allowRecipients refuses any other recipient with EENVELOPE before a connection opens: nothing sent', async () => {
    server = await startSmtpServer();
    transport = createTransport({ host: '127.0.0.1', port: server.port, ...SLOW_TIMEOUTS, allowRecipients: ['@example.com', 'ann@x.test'] });
    const failure = transport.sendMail({ from: 'app@example.com', to: 'bob@example.com', cc: 'eve@evil-example.com', bcc: 'sub@mail.example.com', text: 'x' });
    await expect(failure).rejects.toMatchObject({
      code: 'EENVELOPE',
      delivery: 'not-sent',
      rejected: ['eve@evil-example.com', 'sub@mail.example.com'],
      message: expect.stringContaining('not admitted by allowRecipients'),
    });
    // Give a connection, had one been opened, time to reach the server.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.connectionCount()).toBe(0);
    expect(server.messages).toEqual([]);
  });

  it('applies the same policy on a dev transport: redirect recorded in the store, refusal keeps nothing', async () => {
    const redirecting = createMailTransport('memory://?redirectTo=qa@example.com') as MemoryTransport;
    await redirecting.sendMail({ from: 'app@example.com', to: 'ann@customer.test', bcc: 'audit@customer.test', subject: 'S', text: 'x' });
    const [kept] = redirecting.store.list();
    expect(kept.envelope.to).toEqual(['qa@example.com']);
    expect(kept.to).toEqual(['qa@example.com']);
    expect(kept.headers['x-original-to']).toEqual(['ann@customer.test']);
    expect(kept.headers['x-original-bcc']).toEqual(['audit@customer.test']);

    const guarded = createMailTransport({ type: 'memory', allowRecipients: '@example.com' });
    await expect(guarded.sendMail({ from: 'app@example.com', to: 'ann@customer.test', text: 'x' })).rejects.toMatchObject({ code: 'EENVELOPE', rejected: ['ann@customer.test'] });
    expect(guarded.store.size).toBe(0);
  });

  it('resolves both options to normalised, frozen lists and leaves them unset by default', () => {
    const resolved = resolveOptions({ redirectTo: ' qa@example.com , lead@example.com', allowRecipients: ['@Bücher.example', 'Ann@X.test', '@example.com'] });
    expect(resolved.redirectTo).toEqual(['qa@example.com', 'lead@example.com']);
    expect(resolved.allowRecipients).toEqual(['@xn--bcher-kva.example', 'ann@x.test', '@example.com']);
    expect(Object.isFrozen(resolved.redirectTo)).toBe(true);
    const plain = resolveOptions({});
    expect(plain.redirectTo).toBeUndefined();
    expect(plain.allowRecipients).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['redirectTo as a number', { redirectTo: 5 }],
    ['an empty redirectTo list', { redirectTo: [] }],
    ['a display name in redirectTo', { redirectTo: 'QA <qa@example.com>' }],
    ['a bad allowRecipients domain', { allowRecipients: '@' }],
    ['a CR/LF in allowRecipients', { allowRecipients: ['ann@x.test\r\nRCPT TO:<eve@evil.test>'] }],
    ['a redirect target outside allowRecipients', { redirectTo: 'qa@example.org', allowRecipients: '@example.com' }],
  ])('refuses %s with ECONFIG', (_what, options) => {
    expect(() => resolveOptions(options as never)).toThrow(expect.objectContaining({ code: 'ECONFIG' }));
  });
});
