import { afterEach, describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { createInboxHandler } from '../../../lib/dev.js';
import { MailerDevStore } from '../../../lib/dev/mailer-dev-store.js';
import { SmtpError } from '../../../lib/engine.js';
import { startInboxServer, type InboxServer } from '../../helpers/inbox-server.js';
import { parseMail } from '../../helpers/parse-mail.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6d9a90000000049454e44ae426082', 'hex');
const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

let server: InboxServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(...args: Parameters<typeof startInboxServer>): Promise<InboxServer> {
  server = await startInboxServer(...args);
  return server;
}

function sendSample(target: InboxServer, overrides: Record<string, unknown> = {}) {
  return target.transport.sendMail({
    to: 'Ann <ann@example.com>',
    cc: 'cc@example.com',
    bcc: 'hidden@example.com',
    subject: 'Invoice 42',
    text: 'Your invoice is attached.',
    html: '<p>Your <b>invoice</b> <img src="cid:logo@app"></p>',
    attachments: [
      { filename: 'invoice.bin', content: BINARY, contentType: 'application/octet-stream' },
      { filename: 'logo.png', content: PNG, contentType: 'image/png', cid: 'logo@app' },
    ],
    ...overrides,
  });
}

async function json<T = unknown>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('createInboxHandler', () => {
  it('declines paths outside its base path (resolves false, writes nothing) and serves those under it', async () => {
    const inbox = await start();
    for (const path of ['/', '/__mailbox', '/api/messages', '/x/__mail']) {
      const res = await fetch(inbox.origin + path);
      expect([path, res.status, await res.text()]).toEqual([path, 418, 'fell through']);
    }
    expect((await fetch(`${inbox.origin}/__mail`)).status).toBe(200);
    expect((await fetch(`${inbox.origin}/__mail/`)).status).toBe(200);
    expect(inbox.fellThrough).toEqual(['/', '/__mailbox', '/api/messages', '/x/__mail']);
  });

  it('serves the page under a nonce-only CSP, the list newest first', async () => {
    const inbox = await start();
    await sendSample(inbox, { subject: 'first' });
    await sendSample(inbox, { subject: 'second' });
    const res = await fetch(`${inbox.origin}/__mail`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(csp).toBe(`default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Not no-referrer: a browser would then send `Origin: null` with the page's own clear form.
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    const html = await res.text();
    expect(html.match(/<script[^>]*>/g)).toEqual([`<script nonce="${nonce}">`]);
    expect(html.indexOf('>second<')).toBeGreaterThan(0);
    expect(html.indexOf('>second<')).toBeLessThan(html.indexOf('>first<'));
    // A fresh nonce per response.
    const again = (await fetch(`${inbox.origin}/__mail`)).headers.get('content-security-policy');
    expect(again).not.toBe(csp);
  });

  it('shows a hint that names no transport while the list is empty (messages may come over SMTP), hidden once one arrived', async () => {
    const inbox = await start();
    const hint = async (query = ''): Promise<string | undefined> => /<p id="empty"[^>]*>.*?<\/p>/.exec(await (await fetch(`${inbox.origin}/__mail/${query}`)).text())?.[0];
    expect(await hint()).toBe('<p id="empty" class="empty">No messages yet. New messages appear here as they arrive, without a reload.</p>');
    await sendSample(inbox);
    expect(await hint()).toMatch(/^<p id="empty" class="empty" hidden>/);
    expect(await hint('?q=nowhere')).toMatch(/^<p id="empty" class="empty">No messages match\./);
  });

  it('escapes every message value rendered into the page: subject, addresses, headers, text', async () => {
    const inbox = await start();
    await inbox.transport.sendMail({
      to: 'ann@example.com',
      subject: '<script>alert("subject")</script>',
      text: '</pre><script>alert("text")</script>',
      headers: { 'X-Evil': '<img src=x onerror=alert(1)>' },
      html: '<script>alert("html")</script><p>body</p>',
    });
    const [id] = inbox.store.list().map((m) => m.id);
    const html = await (await fetch(`${inbox.origin}/__mail/?id=${id}`)).text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;script&#62;alert(&#34;subject&#34;)&#60;/script&#62;');
    expect(html).toContain('&#60;/pre&#62;&#60;script&#62;alert(&#34;text&#34;)');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    // The mail's own HTML is never inlined into the page: only the sandboxed frame loads it, from its own route.
    expect(html).not.toContain('alert(&#34;html&#34;)');
    expect(html).toContain(`<iframe id="html" sandbox="" referrerpolicy="no-referrer" title="HTML body" src="/__mail/api/messages/${id}/html"></iframe>`);
  });

  it('shows one message with its envelope, attachments, raw link and headers; an unknown ?id= says so', async () => {
    const inbox = await start();
    await sendSample(inbox);
    const html = await (await fetch(`${inbox.origin}/__mail/?id=1`)).text();
    expect(html).toContain('<h2>Invoice 42</h2>');
    expect(html).toContain('<dt>Envelope to</dt><dd>ann@example.com, cc@example.com, hidden@example.com</dd>');
    expect(html).toContain('<a href="/__mail/api/messages/1/attachments/1" download>invoice.bin</a>');
    expect(html).toContain('<a id="raw" href="/__mail/api/messages/1/raw" download>');
    expect(html).toContain('<dt>subject</dt><dd>Invoice 42</dd>');
    expect(html).toContain('<pre id="text">Your invoice is attached.');
    const missing = await (await fetch(`${inbox.origin}/__mail/?id=99`)).text();
    expect(missing).toContain('No message 99');
  });

  it('GET /api/messages lists summaries newest first; GET /api/messages/:id gives the message in full', async () => {
    const inbox = await start();
    const info = await sendSample(inbox);
    await inbox.transport.sendMail({ to: 'bob@example.com', subject: 'plain', text: 'no html' });
    const list = await json<Array<Record<string, unknown>>>(await fetch(`${inbox.origin}/__mail/api/messages`));
    expect(list.map((m) => m.subject)).toEqual(['plain', 'Invoice 42']);
    expect(list[1]).toEqual({
      id: '1', messageId: info.messageId, from: 'app@example.com', to: ['ann@example.com'], cc: ['cc@example.com'], subject: 'Invoice 42',
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), size: inbox.store.get('1')!.size, hasHtml: true, attachmentCount: 2,
    });
    const res = await fetch(`${inbox.origin}/__mail/api/messages/1`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const detail = await json<Record<string, unknown>>(res);
    expect(detail).toMatchObject({
      id: '1',
      envelope: { from: 'app@example.com', to: ['ann@example.com', 'cc@example.com', 'hidden@example.com'] },
      replyTo: [],
      text: 'Your invoice is attached.',
      html: '<p>Your <b>invoice</b> <img src="cid:logo@app"></p>',
      headers: expect.objectContaining({ subject: ['Invoice 42'], 'message-id': [info.messageId] }),
      attachments: [
        // The composer puts inline parts (multipart/related) before attachments.
        { index: 0, filename: 'logo.png', contentType: 'image/png', contentDisposition: 'inline', cid: 'logo@app', size: PNG.length, url: '/__mail/api/messages/1/attachments/0' },
        { index: 1, filename: 'invoice.bin', contentType: 'application/octet-stream', contentDisposition: 'attachment', size: 256, url: '/__mail/api/messages/1/attachments/1' },
      ],
      urls: { raw: '/__mail/api/messages/1/raw', html: '/__mail/api/messages/1/html' },
    });
  });

  it('answers 404 JSON for an unknown message on every message route', async () => {
    const inbox = await start();
    await sendSample(inbox);
    for (const path of ['/api/messages/7', '/api/messages/7/raw', '/api/messages/7/html', '/api/messages/7/attachments/0']) {
      const res = await fetch(`${inbox.origin}/__mail${path}`);
      expect([path, res.status, await res.json()]).toEqual([path, 404, { statusCode: 404, message: 'no message 7' }]);
    }
    for (const index of ['2', '-1', '1.0', 'x']) {
      const res = await fetch(`${inbox.origin}/__mail/api/messages/1/attachments/${index}`);
      expect([index, res.status]).toEqual([index, 404]);
    }
    const plain = await inbox.transport.sendMail({ to: 'bob@example.com', subject: 'plain', text: 'no html' });
    expect(plain.response).toMatch(/as 2$/);
    expect(await json(await fetch(`${inbox.origin}/__mail/api/messages/2/html`))).toEqual({ statusCode: 404, message: 'message 2 has no HTML body' });
  });

  it('downloads an attachment byte-exact, as an attachment, never sniffed or rendered', async () => {
    const inbox = await start();
    await sendSample(inbox, { attachments: [{ filename: 'résumé "final".html', content: BINARY, contentType: 'text/html' }] });
    const res = await fetch(`${inbox.origin}/__mail/api/messages/1/attachments/0`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="r_sum_ _final_.html"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.html`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await res.arrayBuffer()).equals(BINARY)).toBe(true);
  });

  it('downloads the raw message as message/rfc822, byte-exact, and it parses back', async () => {
    const inbox = await start();
    await sendSample(inbox);
    const res = await fetch(`${inbox.origin}/__mail/api/messages/1/raw`);
    expect(res.headers.get('content-type')).toBe('message/rfc822');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="message-1.eml"; filename*=UTF-8''message-1.eml`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(inbox.store.raw('1')!)).toBe(true);
    const parsed = await parseMail(bytes);
    expect(parsed.subject).toBe('Invoice 42');
    expect(parsed.attachments.map((a) => [a.filename, a.content.equals(a.filename === 'logo.png' ? PNG : BINARY)])).toEqual([['logo.png', true], ['invoice.bin', true]]);
  });

  it('serves the HTML body under the sandbox CSP, inline cid: images as data: URLs', async () => {
    const inbox = await start();
    await sendSample(inbox);
    const res = await fetch(`${inbox.origin}/__mail/api/messages/1/html`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; sandbox");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await res.text()).toBe(`<p>Your <b>invoice</b> <img src="data:image/png;base64,${PNG.toString('base64')}"></p>`);
  });

  it('searches subject, from, to and text with ?q= (every word, any case), in the API and on the page', async () => {
    const inbox = await start();
    await inbox.transport.sendMail({ to: 'ann@example.com', subject: 'Password reset', text: 'Click the link' });
    await inbox.transport.sendMail({ from: 'billing@shop.test', to: 'bob@example.com', subject: 'Invoice', text: 'Amount due' });
    await inbox.transport.sendMail({ to: 'carol@example.com', subject: 'Weekly digest', text: 'Nothing new, ANN' });
    const search = async (q: string) =>
      (await json<Array<{ subject: string }>>(await fetch(`${inbox.origin}/__mail/api/messages?q=${encodeURIComponent(q)}`))).map((m) => m.subject);
    expect(await search('password')).toEqual(['Password reset']);
    expect(await search('BILLING@shop')).toEqual(['Invoice']);
    expect(await search('bob@')).toEqual(['Invoice']);
    expect(await search('ann')).toEqual(['Weekly digest', 'Password reset']);
    expect(await search('ann digest')).toEqual(['Weekly digest']);
    expect(await search('amount due')).toEqual(['Invoice']);
    expect(await search('nowhere')).toEqual([]);
    expect(await search('')).toHaveLength(3);
    const page = await (await fetch(`${inbox.origin}/__mail/?q=${encodeURIComponent('<reset>')}`)).text();
    expect(page).toContain('value="&#60;reset&#62;"');
    const filtered = await (await fetch(`${inbox.origin}/__mail/?q=invoice`)).text();
    expect(filtered).toContain('>Invoice</a>');
    expect(filtered).not.toContain('>Password reset</a>');
  });

  it('clears with DELETE /api/messages (204) from a same-origin or non-browser client, never cross-origin', async () => {
    const inbox = await start();
    await sendSample(inbox);
    const crossSite = await fetch(`${inbox.origin}/__mail/api/messages`, { method: 'DELETE', headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    const fetchSite = await fetch(`${inbox.origin}/__mail/api/messages`, { method: 'DELETE', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(fetchSite.status).toBe(403);
    expect(inbox.store.size).toBe(1);
    const res = await fetch(`${inbox.origin}/__mail/api/messages`, { method: 'DELETE', headers: { origin: inbox.origin } });
    expect(res.status).toBe(204);
    expect(inbox.store.size).toBe(0);
    expect(await json(await fetch(`${inbox.origin}/__mail/api/messages`))).toEqual([]);
  });

  it('clears with the page\'s form only with its token and from its origin, then redirects to the list', async () => {
    const inbox = await start();
    await sendSample(inbox);
    const page = await (await fetch(`${inbox.origin}/__mail/`)).text();
    const action = /<form id="clear" method="post" action="([^"]+)">/.exec(page)?.[1].replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    expect(action).toMatch(/^\/__mail\/clear\?token=[\w-]{24}$/);
    const post = (path: string, headers: Record<string, string> = {}) =>
      fetch(inbox.origin + path, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: '' });
    expect((await post('/__mail/clear')).status).toBe(403);
    expect((await post('/__mail/clear?token=AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(403);
    expect((await post(action!, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post(action!, { origin: 'null' })).status).toBe(403);
    expect(inbox.store.size).toBe(1);
    const res = await post(action!, { origin: inbox.origin, 'sec-fetch-site': 'same-origin' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/__mail/']);
    expect(inbox.store.size).toBe(0);
  });

  it('answers 405 with Allow for a known path and another method, 404 JSON for an unknown path', async () => {
    const inbox = await start();
    const res = await fetch(`${inbox.origin}/__mail/api/messages`, { method: 'PUT' });
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'GET, HEAD, DELETE']);
    expect((await fetch(`${inbox.origin}/__mail/clear`)).status).toBe(405);
    const unknown = await fetch(`${inbox.origin}/__mail/api/nothing`);
    expect([unknown.status, await unknown.json()]).toEqual([404, { statusCode: 404, message: 'no inbox route /__mail/api/nothing' }]);
    expect((await fetch(`${inbox.origin}/__mail/api/messages/%E0%A4%A`)).status).toBe(404);
    const head = await fetch(`${inbox.origin}/__mail/api/messages`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('mounts at another base path, or at the root', async () => {
    const nested = await start({ basePath: '/dev/mail/' });
    expect(nested.inbox.basePath).toBe('/dev/mail');
    await sendSample(nested);
    expect((await fetch(`${nested.origin}/__mail`)).status).toBe(418);
    expect((await json<unknown[]>(await fetch(`${nested.origin}/dev/mail/api/messages`))).length).toBe(1);
    expect(await (await fetch(`${nested.origin}/dev/mail`)).text()).toContain('data-base="/dev/mail"');
    await nested.close();

    const root = await start({ basePath: '/' });
    expect(root.inbox.basePath).toBe('');
    await sendSample(root);
    const page = await (await fetch(`${root.origin}/`)).text();
    expect(page).toContain('href="/?id=1"');
    expect((await json<unknown[]>(await fetch(`${root.origin}/api/messages`))).length).toBe(1);
  });

  it('reads the path from originalUrl when a framework mounted it and stripped req.url', async () => {
    const inbox = await start(undefined, (req: IncomingMessage) => {
      // What Express does for app.use('/__mail', handler).
      Object.assign(req, { originalUrl: req.url });
      req.url = (req.url ?? '/').replace(/^\/__mail/, '') || '/';
    });
    await sendSample(inbox);
    expect((await json<unknown[]>(await fetch(`${inbox.origin}/__mail/api/messages`))).length).toBe(1);
  });

  it('refuses a bad basePath or previews with ECONFIG', () => {
    const store = new MailerDevStore();
    for (const basePath of ['mail', '/a b', '/a//b', '/<x>', 42]) {
      expect(() => createInboxHandler(store, { basePath: basePath as string })).toThrow(expect.objectContaining({ code: 'ECONFIG', message: expect.stringContaining('basePath') }) as unknown as SmtpError);
    }
    expect(() => createInboxHandler(store, { previews: { templates: {} as never, examples: {} } })).toThrow(/previews\.templates/);
    expect(store.listenerCount('message')).toBe(0);
  });
});
