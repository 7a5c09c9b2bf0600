import { afterEach, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { MailerDevStore, startSmtpReceiver } from '../../lib/dev.js';
import type { SmtpReceiver } from '../../lib/dev.js';
import { createTransport, SmtpError } from '../../lib/engine.js';
import type { SmtpTransport } from '../../lib/engine.js';
import { parseMail } from '../helpers/parse-mail.js';
import { SocketReader } from '../helpers/socket-reader.js';

/** Whether a fresh server can bind the port now (it is free). */
async function canBind(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('startSmtpReceiver', () => {
  const receivers: SmtpReceiver[] = [];
  const transports: SmtpTransport[] = [];

  const start = async (store: MailerDevStore, options: Parameters<typeof startSmtpReceiver>[1] = {}): Promise<SmtpReceiver> => {
    const receiver = await startSmtpReceiver(store, { port: 0, ...options });
    receivers.push(receiver);
    return receiver;
  };
  /** A plain `smtp://` URL, as an app would configure it; options go in its query. */
  const transport = (url: string, query: Record<string, string> = {}): SmtpTransport => {
    const withQuery = new URL(url);
    for (const [key, value] of Object.entries({ connectionTimeout: '5000', ...query })) withQuery.searchParams.set(key, value);
    const created = createTransport(withQuery.toString(), { from: 'App <app@example.com>' });
    transports.push(created);
    return created;
  };

  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  it('keeps each message sent over SMTP in the store, with its envelope (Bcc included) and exact bytes', async () => {
    const store = new MailerDevStore();
    const receiver = await start(store);
    expect(receiver.url).toBe(`smtp://127.0.0.1:${receiver.port}`);
    expect(receiver.port).toBeGreaterThan(0);
    const heard: string[] = [];
    store.on('message', (mail) => heard.push(mail.subject ?? ''));

    const info = await transport(receiver.url).sendMail({ to: 'ann@example.com', bcc: 'audit@example.com', subject: 'Over SMTP', text: 'Hello Ann', html: '<p>Hello</p>' });

    expect(info.accepted).toEqual(['ann@example.com', 'audit@example.com']);
    expect(heard).toEqual(['Over SMTP']);
    const [kept] = store.list();
    expect(kept).toMatchObject({ id: '1', subject: 'Over SMTP', messageId: info.messageId, envelope: { from: 'app@example.com', to: ['ann@example.com', 'audit@example.com'] } });
    expect(kept.text).toBe('Hello Ann');
    expect(kept.size).toBe(info.messageSize);
    const parsed = await parseMail(kept.raw);
    expect(parsed.html).toBe('<p>Hello</p>');
    expect(parsed.headers.has('bcc')).toBe(false);
  });

  it('accepts AUTH with any credentials, so an app configured with a user and password works unchanged', async () => {
    const store = new MailerDevStore();
    const receiver = await start(store);
    for (const [user, pass] of [['app', 's3cret'], ['someone-else', 'other']]) {
      const url = new URL(receiver.url);
      url.username = user;
      url.password = pass;
      const info = await transport(url.toString()).sendMail({ to: 'bob@example.com', subject: `as ${user}`, text: 'x' });
      expect(info.accepted).toEqual(['bob@example.com']);
    }
    const url = new URL(receiver.url);
    url.username = 'u';
    url.password = 'p';
    await transport(url.toString(), { authMethod: 'LOGIN' }).sendMail({ to: 'bob@example.com', subject: 'from a URL with credentials', text: 'x' });
    expect(store.list().map((m) => m.subject)).toEqual(['from a URL with credentials', 'as someone-else', 'as app']);
  });

  it('offers AUTH but no STARTTLS, and answers 235 to made-up credentials', async () => {
    const receiver = await start(new MailerDevStore());
    const socket = net.connect(receiver.port, '127.0.0.1');
    try {
      const reader = new SocketReader(socket);
      /** Reads one whole reply (every continuation line). */
      const reply = async (): Promise<string[]> => {
        const lines = [await reader.readLine()];
        while (lines[lines.length - 1][3] === '-') lines.push(await reader.readLine());
        return lines;
      };
      expect((await reply())[0]).toMatch(/^220 /);
      socket.write('EHLO client.example\r\n');
      const ehlo = await reply();
      expect(ehlo).toContainEqual(expect.stringMatching(/^250[ -]AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2$/));
      expect(ehlo.join('\n')).not.toContain('STARTTLS');
      socket.write(`AUTH PLAIN ${Buffer.from('\0nobody\0wrong-password').toString('base64')}\r\n`);
      expect((await reply())[0]).toMatch(/^235 /);
    } finally {
      socket.destroy();
    }
  });

  it('refuses a message over maxMessageBytes and keeps nothing', async () => {
    const store = new MailerDevStore();
    const receiver = await start(store, { maxMessageBytes: 2000 });
    const sent = transport(receiver.url).sendMail({ to: 'ann@example.com', subject: 'big', text: 'x'.repeat(10_000) });
    await expect(sent).rejects.toBeInstanceOf(SmtpError);
    await expect(sent).rejects.toMatchObject({ code: 'EMESSAGE' });
    // A message under the limit still goes through afterwards.
    await transport(receiver.url).sendMail({ to: 'ann@example.com', subject: 'small', text: 'x' });
    expect(store.list().map((m) => m.subject)).toEqual(['small']);
  });

  it('fails with ECONFIG naming the address when the port is in use', async () => {
    const first = await start(new MailerDevStore());
    const second = startSmtpReceiver(new MailerDevStore(), { port: first.port });
    await expect(second).rejects.toMatchObject({
      name: 'SmtpError',
      code: 'ECONFIG',
      message: `the dev SMTP server cannot listen on 127.0.0.1:${first.port}: the port is in use (another server, or a second copy of this one); choose another SMTP port`,
    });
  });

  it('refuses a port or size out of range with ECONFIG before listening', async () => {
    for (const options of [{ port: 65536 }, { port: -1 }, { port: 1.5 }, { maxMessageBytes: 0 }]) {
      await expect(startSmtpReceiver(new MailerDevStore(), options)).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringMatching(/^invalid option (port|maxMessageBytes): /) });
    }
  });

  it('close() frees the port even while a pooled client holds an idle connection', async () => {
    const receiver = await start(new MailerDevStore());
    const pooled = transport(receiver.url, { pool: 'true' });
    await pooled.sendMail({ to: 'ann@example.com', subject: 'pooled', text: 'x' });
    expect(await canBind(receiver.port)).toBe(false);
    const began = Date.now();
    await receiver.close();
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(await canBind(receiver.port)).toBe(true);
    // Closing twice is harmless.
    await receiver.close();
  }, 20_000);
});
