import { afterEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import net from 'node:net';
import { MailerDevStore, startDevMailServer } from '../../lib/dev.js';
import type { DevMailServer, InboxMessageView, InboxSummary } from '../../lib/dev.js';
import { createTransport } from '../../lib/engine.js';
import type { SmtpTransport } from '../../lib/engine.js';
import { parseMail } from '../helpers/parse-mail.js';

/** Whether a fresh server can bind the port now (it is free). */
async function canBind(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const portOf = (url: string): number => Number(new URL(url).port);

/** A raw GET carrying exactly the Host header given (none with `undefined`), as a DNS-rebinding page's browser would send it. */
async function getWithHost(url: string, host: string | undefined, path = '/'): Promise<{ status: number; type: string | undefined; body: string }> {
  const target = new URL(url);
  const request = host === undefined
    ? `GET ${path} HTTP/1.0\r\n\r\n`
    : `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
  const socket = net.connect(Number(target.port), target.hostname);
  socket.end(request);
  let raw = '';
  socket.setEncoding('utf8');
  for await (const chunk of socket) raw += chunk as string;
  const [head, ...body] = raw.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
  const type = /^content-type: (.*)$/im.exec(head)?.[1];
  return { status, type, body: body.join('\r\n\r\n') };
}

/** A PNG-like binary attachment: every byte value, so any text decoding on the way would show. */
const BINARY = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) % 256));

describe('startDevMailServer', () => {
  const servers: DevMailServer[] = [];
  const transports: SmtpTransport[] = [];

  const start = async (options: Parameters<typeof startDevMailServer>[0] = {}): Promise<DevMailServer> => {
    const server = await startDevMailServer({ smtpPort: 0, httpPort: 0, ...options });
    servers.push(server);
    return server;
  };
  const transport = (url: string): SmtpTransport => {
    const created = createTransport(url, { from: 'App <app@example.com>' });
    transports.push(created);
    return created;
  };

  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('receives over SMTP (with or without credentials) and serves the messages over the inbox JSON routes', async () => {
    const server = await start({ max: 5 });
    expect(server.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    expect(server.webUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.store.max).toBe(5);

    await transport(server.smtpUrl).sendMail({
      to: 'ann@example.com',
      subject: 'With an attachment',
      text: 'See attached',
      html: '<p>See <b>attached</b></p>',
      attachments: [{ filename: 'bytes.bin', content: BINARY, contentType: 'application/octet-stream' }],
    });
    const withAuth = new URL(server.smtpUrl);
    withAuth.username = 'app';
    withAuth.password = 'any-password';
    await transport(withAuth.toString()).sendMail({ to: 'bob@example.com', subject: 'Authenticated', text: 'x' });

    const list = (await (await fetch(new URL('api/messages', server.webUrl))).json()) as InboxSummary[];
    expect(list.map((m) => m.subject)).toEqual(['Authenticated', 'With an attachment']);
    const first = list[1];
    expect(first).toMatchObject({ from: 'app@example.com', to: ['ann@example.com'], hasHtml: true, attachmentCount: 1 });

    const detail = (await (await fetch(new URL(`api/messages/${first.id}`, server.webUrl))).json()) as InboxMessageView;
    expect(detail).toMatchObject({ text: 'See attached', html: '<p>See <b>attached</b></p>', envelope: { from: 'app@example.com', to: ['ann@example.com'] } });
    const attachment = await fetch(new URL(detail.attachments[0].url.replace(/^\//, ''), server.webUrl));
    expect(attachment.status).toBe(200);
    expect(Buffer.from(await attachment.arrayBuffer()).equals(BINARY)).toBe(true);

    const raw = Buffer.from(await (await fetch(new URL(detail.urls.raw.replace(/^\//, ''), server.webUrl))).arrayBuffer());
    expect(raw.equals(server.store.raw(first.id)!)).toBe(true);
    const parsed = await parseMail(raw);
    expect(parsed.subject).toBe('With an attachment');
    expect(parsed.attachments[0].content.equals(BINARY)).toBe(true);

    // The page is served at the root of the HTTP port.
    const page = await fetch(server.webUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('With an attachment');
  });

  it('fills a store it is given', async () => {
    const store = new MailerDevStore({ max: 2 });
    const server = await start({ store });
    expect(server.store).toBe(store);
    await transport(server.smtpUrl).sendMail({ to: 'ann@example.com', subject: 'into the given store', text: 'x' });
    expect(store.list().map((m) => m.subject)).toEqual(['into the given store']);
  });

  it('fails with ECONFIG naming the address when the HTTP port is in use, and leaves the SMTP port free', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const httpPort = (busy.address() as net.AddressInfo).port;
    const smtp = net.createServer();
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    try {
      await expect(startDevMailServer({ smtpPort, httpPort })).rejects.toMatchObject({
        code: 'ECONFIG',
        message: `the dev inbox web server cannot listen on 127.0.0.1:${httpPort}: the port is in use (another server, or a second copy of this one); choose another HTTP port`,
      });
      expect(await canBind(smtpPort)).toBe(true);
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });

  it('refuses a bad port or max with ECONFIG', async () => {
    await expect(startDevMailServer({ httpPort: 70000 })).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('invalid option httpPort') });
    await expect(startDevMailServer({ smtpPort: -1, httpPort: 0 })).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('invalid option smtpPort') });
    await expect(startDevMailServer({ smtpPort: 0, httpPort: 0, max: 0 })).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('invalid option max') });
  });

  it('close() ends open live pages and frees both ports', async () => {
    const server = await startDevMailServer({ smtpPort: 0, httpPort: 0 });
    // A page's live stream stays open until the server closes it.
    const streamEnded = new Promise<string>((resolve, reject) => {
      http.get(new URL('events', server.webUrl), (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
        res.on('error', reject);
      }).on('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await canBind(portOf(server.webUrl))).toBe(false);
    await server.close();
    expect(await streamEnded).toContain(': connected');
    expect(await canBind(portOf(server.webUrl))).toBe(true);
    expect(await canBind(portOf(server.smtpUrl))).toBe(true);
  });

  it('answers only a Host header that names it: its address, localhost, 127.0.0.1 or [::1] on its port', async () => {
    const server = await start();
    await transport(server.smtpUrl).sendMail({ to: 'ann@example.com', subject: 'Secret reset link', text: 'x' });
    const port = portOf(server.webUrl);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const res = await getWithHost(server.webUrl, host, '/api/messages');
      expect([host, res.status]).toEqual([host, 200]);
      expect(res.body).toContain('Secret reset link');
    }
    for (const host of ['attacker.example', `attacker.example:${port}`, `localhost.attacker.example:${port}`, `localhost:${port + 1}`, 'localhost', `127.0.0.1:${port}@attacker.example`, '']) {
      const res = await getWithHost(server.webUrl, host, '/api/messages');
      expect([host, res.status]).toEqual([host, 403]);
      expect(res.type).toBe('text/plain; charset=utf-8');
      expect(res.body).not.toContain('Secret reset link');
      expect(res.body.split('\n').filter(Boolean)).toHaveLength(1);
    }
    const refused = await getWithHost(server.webUrl, `attacker.example:${port}`);
    expect(refused.body).toBe(
      `refused: the Host header "attacker.example:${port}" does not name this dev inbox (a guard against DNS rebinding); `
        + `open it at http://127.0.0.1:${port}/, or let that name in with --allow-host attacker.example (allowedHosts: ['attacker.example'])\n`,
    );
    // HTTP/1.0 without any Host: refused as well, naming the missing header.
    const bare = await getWithHost(server.webUrl, undefined);
    expect(bare.status).toBe(403);
    expect(bare.body).toBe(`refused: the request has no Host header, and the dev inbox answers only requests that name it (a guard against DNS rebinding); open it at http://127.0.0.1:${port}/\n`);
    // The live stream is guarded too: a rebinding page never sees new messages arrive.
    expect((await getWithHost(server.webUrl, 'attacker.example', '/events')).status).toBe(403);
  });

  it('answers the names in allowedHosts: on any port without one, on that port only with one', async () => {
    const server = await start({ allowedHosts: ['devbox.test', 'Proxy.Test:8443', 'fd00::1'] });
    const port = portOf(server.webUrl);
    const statuses = async (hosts: string[]): Promise<number[]> => Promise.all(hosts.map(async (host) => (await getWithHost(server.webUrl, host, '/api/messages')).status));
    expect(await statuses(['devbox.test', `devbox.test:${port}`, 'devbox.test:9999', 'proxy.test:8443', '[fd00::1]:80', `127.0.0.1:${port}`])).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await statuses(['proxy.test', `proxy.test:${port}`, 'other.test', 'devbox.test.attacker.example'])).toEqual([403, 403, 403, 403]);
  });

  it('answers its own bound host when that is not loopback', async () => {
    const server = await start({ host: 'localhost' });
    const port = portOf(server.webUrl);
    expect((await getWithHost(server.webUrl, `localhost:${port}`)).status).toBe(200);
    expect((await getWithHost(server.webUrl, `evil.test:${port}`)).status).toBe(403);
  });

  it('refuses allowedHosts entries that are not host names with ECONFIG', async () => {
    for (const bad of [['https://devbox.test'], ['devbox.test/path'], ['user@devbox.test'], [''], ['devbox.test:99999'], [42]] as unknown[][]) {
      await expect(startDevMailServer({ smtpPort: 0, httpPort: 0, allowedHosts: bad as string[] })).rejects.toMatchObject({
        code: 'ECONFIG',
        message: `invalid option allowedHosts: ${JSON.stringify(bad[0])} is not a host name or address (with an optional :port)`,
      });
    }
    await expect(startDevMailServer({ smtpPort: 0, httpPort: 0, allowedHosts: 'devbox.test' as unknown as string[] })).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('expected an array of host names') });
  });
});
