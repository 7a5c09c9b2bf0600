import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import http from 'node:http';
import { getDevStore } from '../../lib/dev.js';
import type { MailerDevStore } from '../../lib/dev.js';
import { getMailerTransportToken, MailerDevInboxModule, MailerModule, MailerService } from '../../lib/index.js';
import type { MailTransport } from '../../lib/engine.js';
import { functionTemplates } from '../../lib/templates.js';
import { readEvents, type EventReader } from '../helpers/inbox-server.js';
import { AppRoutesController, startNestApp, type NestAppOptions } from '../helpers/nest-inbox-app.js';
import { parseMail } from '../helpers/parse-mail.js';

const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

const templates = functionTemplates({
  welcome: (ctx: { name: string }) => ({ subject: `Welcome, ${ctx.name}`, html: `<p>Hello ${ctx.name}</p>`, text: `Hello ${ctx.name}` }),
});

let app: INestApplication | undefined;
let stream: EventReader | undefined;
/** What reached the app's exception layer during the test (see startNestApp). */
let appErrors: string[] = [];

afterEach(async () => {
  stream?.close();
  stream = undefined;
  await app?.close();
  app = undefined;
  appErrors = [];
});

/** What reached the app after the inbox had answered: a request under `base` there would be a second response. */
function appErrorsUnder(base: string): string[] {
  return appErrors.filter((request) => {
    const { pathname } = new URL(request.split(' ')[1], 'http://app.invalid');
    return pathname === base || pathname.startsWith(`${base}/`);
  });
}

/**
 * Every case runs on Fastify and, as the reference, on Express (Nest's default adapter): the inbox must answer the
 * same on both, whatever each platform does around its middleware.
 */
const PLATFORMS: Array<[string, (() => AbstractHttpAdapter) | undefined]> = [
  ['Fastify', () => new FastifyAdapter()],
  ['Express', undefined],
];

function store(): MailerDevStore {
  return getDevStore(app!.get<MailTransport>(getMailerTransportToken('default'), { strict: false }))!;
}

function sendInvoice(subject = 'Invoice 42'): Promise<unknown> {
  return app!.get(MailerService).sendMail({
    to: 'ann@example.com',
    subject,
    text: 'Your invoice is attached.',
    html: '<p>Your <b>invoice</b></p>',
    attachments: [{ filename: 'invoice.bin', content: BINARY, contentType: 'application/octet-stream' }],
  });
}

/** A request over node:http read to its end (for HEAD: an event stream answered as a stream would never end). */
function request(url: string, method: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(PLATFORMS)('MailerDevInboxModule over %s', (_platform, adapter) => {
  /** The app under test: a memory:// mailer with templates, the inbox with `inbox`, the app's own routes. */
  async function listen(inbox: Parameters<typeof MailerDevInboxModule.forRoot>[0] = {}, beforeListen?: NestAppOptions['beforeListen']): Promise<string> {
    const imports: DynamicModule[] = [
      MailerModule.forRoot({ transport: 'memory://', defaults: { from: 'app@example.com' }, templates }),
      MailerDevInboxModule.forRoot(inbox),
    ];
    return startNestApp(imports, { controllers: [AppRoutesController], appErrors, beforeListen, ...(adapter && { adapter }) }, (created) => {
      app = created;
    });
  }

  it('serves the page, its search and one message at /__mail, with or without a trailing slash', async () => {
    const url = await listen();
    await sendInvoice('first');
    await sendInvoice('second');
    for (const path of ['/__mail', '/__mail/']) {
      const page = await fetch(url + path);
      expect([path, page.status, page.headers.get('content-type')]).toEqual([path, 200, 'text/html; charset=utf-8']);
      expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'nonce-/);
      expect(page.headers.get('cache-control')).toBe('no-store');
      const html = await page.text();
      expect(html.indexOf('>second</a>')).toBeGreaterThan(0);
      expect(html.indexOf('>second</a>')).toBeLessThan(html.indexOf('>first</a>'));
    }
    const searched = await (await fetch(`${url}/__mail/?q=first`)).text();
    expect(searched).toContain('>first</a>');
    expect(searched).not.toContain('>second</a>');
    expect(await (await fetch(`${url}/__mail?id=1`)).text()).toContain('<h2>first</h2>');
    expect(await (await fetch(`${url}/__mail?id=99`)).text()).toContain('No message 99');
    expect(appErrorsUnder('/__mail')).toEqual([]);
  });

  it('answers the JSON list (with ?q=), one message in full, the raw .eml, an attachment and the HTML body', async () => {
    const url = await listen();
    await sendInvoice();
    await app!.get(MailerService).sendMail({ to: 'bob@example.com', subject: 'plain', text: 'no html' });
    const list = (await (await fetch(`${url}/__mail/api/messages`)).json()) as Array<{ subject: string }>;
    expect(list.map((m) => m.subject)).toEqual(['plain', 'Invoice 42']);
    const searched = (await (await fetch(`${url}/__mail/api/messages?q=invoice`)).json()) as Array<{ subject: string }>;
    expect(searched.map((m) => m.subject)).toEqual(['Invoice 42']);

    const detail = await fetch(`${url}/__mail/api/messages/1`);
    expect(detail.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await detail.json()).toMatchObject({ id: '1', subject: 'Invoice 42', text: 'Your invoice is attached.', urls: { raw: '/__mail/api/messages/1/raw' } });

    const raw = await fetch(`${url}/__mail/api/messages/1/raw`);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(raw.headers.get('content-disposition')).toBe(`attachment; filename="message-1.eml"; filename*=UTF-8''message-1.eml`);
    const bytes = Buffer.from(await raw.arrayBuffer());
    expect(bytes.equals(store().raw('1')!)).toBe(true);
    expect((await parseMail(bytes)).subject).toBe('Invoice 42');

    const attachment = await fetch(`${url}/__mail/api/messages/1/attachments/0`);
    expect(attachment.headers.get('content-type')).toBe('application/octet-stream');
    expect(attachment.headers.get('content-length')).toBe(String(BINARY.length));
    expect(attachment.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await attachment.arrayBuffer()).equals(BINARY)).toBe(true);

    const body = await fetch(`${url}/__mail/api/messages/1/html`);
    expect(body.headers.get('content-security-policy')).toBe("default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; sandbox");
    expect(body.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await body.text()).toBe('<p>Your <b>invoice</b></p>');
    expect(appErrorsUnder('/__mail')).toEqual([]);
  });

  it('answers 404 inside the inbox for an unknown id or route, and 405 with Allow for a wrong method', async () => {
    const url = await listen();
    await sendInvoice();
    for (const path of ['/api/messages/9', '/api/messages/9/raw', '/api/messages/9/html', '/api/messages/9/attachments/0']) {
      const res = await fetch(`${url}/__mail${path}`);
      expect([path, res.status, await res.json()]).toEqual([path, 404, { statusCode: 404, message: 'no message 9' }]);
    }
    expect(await (await fetch(`${url}/__mail/api/messages/1/attachments/5`)).json()).toEqual({ statusCode: 404, message: 'message 1 has no attachment 5' });
    const unknown = await fetch(`${url}/__mail/nothing/here`);
    expect([unknown.status, await unknown.json()]).toEqual([404, { statusCode: 404, message: 'no inbox route /__mail/nothing/here' }]);
    const wrong = await fetch(`${url}/__mail/api/messages`, { method: 'PUT' });
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'GET, HEAD, DELETE']);
    expect(appErrorsUnder('/__mail')).toEqual([]);
  });

  it('answers HEAD with the GET headers and no body, on a page, the JSON list and the event stream', async () => {
    const url = await listen();
    await sendInvoice();
    const page = await request(`${url}/__mail`, 'HEAD');
    expect([page.status, page.headers['content-type'], page.body]).toEqual([200, 'text/html; charset=utf-8', '']);
    const list = await request(`${url}/__mail/api/messages`, 'HEAD');
    expect([list.status, list.headers['content-type'], list.body]).toEqual([200, 'application/json; charset=utf-8', '']);
    // The stream's HEAD ends at once: the request resolving at all is the check.
    const events = await request(`${url}/__mail/events`, 'HEAD');
    expect([events.status, events.headers['content-type'], events.body]).toEqual([200, 'text/event-stream; charset=utf-8', '']);
    expect(appErrorsUnder('/__mail')).toEqual([]);
  });

  it('streams events as they happen: a sent message and a clear reach an open stream while it stays open', async () => {
    const url = await listen();
    stream = await readEvents(`${url}/__mail/events`);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['x-accel-buffering']).toBe('no');
    await sendInvoice('Live one');
    // A buffered response would hold this back until the stream ends, which it never does by itself.
    const message = await stream.next((event) => event.event === 'message');
    expect([message.id, JSON.parse(message.data)]).toEqual(['1', expect.objectContaining({ id: '1', subject: 'Live one' })]);
    expect((await fetch(`${url}/__mail/api/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(await stream.next((event) => event.event === 'clear')).toEqual({ event: 'clear', data: '{}' });
    expect(appErrorsUnder('/__mail')).toEqual([]);
  });

  it('app.close() ends open event streams instead of waiting for the browser to leave', async () => {
    const url = await listen();
    stream = await readEvents(`${url}/__mail/events`);
    const started = Date.now();
    await app!.close();
    app = undefined;
    await stream.ended;
    // Without it the close would wait for the stream, i.e. forever: the bound only has to be finite and generous.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('clears with the page\'s form token (303 to the page) or DELETE, and refuses a POST without the token or a cross-origin DELETE', async () => {
    const url = await listen();
    await sendInvoice();
    const html = await (await fetch(`${url}/__mail`)).text();
    const action = /<form id="clear" method="post" action="([^"]+)"/.exec(html)?.[1];
    expect(action).toMatch(/^\/__mail\/clear\?token=[\w-]+$/);

    const forged = await fetch(`${url}/__mail/clear?token=wrong`, { method: 'POST', redirect: 'manual' });
    expect(forged.status).toBe(403);
    const crossOrigin = await fetch(`${url}/__mail/api/messages`, { method: 'DELETE', headers: { origin: 'http://evil.example' } });
    expect(crossOrigin.status).toBe(403);
    expect(store().size).toBe(1);

    // As the browser sends the form: urlencoded, with a body the inbox never needs to read.
    const cleared = await fetch(url + action!, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect([cleared.status, cleared.headers.get('location')]).toEqual([303, '/__mail/']);
    expect(store().size).toBe(0);

    await sendInvoice();
    expect((await fetch(`${url}/__mail/api/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(store().size).toBe(0);
    expect(appErrorsUnder('/__mail')).toEqual([]);
  });

  it('serves the template previews: the list page, one rendered example, its HTML body, and their JSON', async () => {
    const url = await listen({ previews: { welcome: { default: { name: 'Ann' }, de: { name: 'Anna' } } } });
    expect(await (await fetch(`${url}/__mail/previews`)).text()).toContain('/__mail/previews/welcome/de');
    expect(await (await fetch(`${url}/__mail/previews/welcome/default`)).text()).toContain('Welcome, Ann');
    const body = await fetch(`${url}/__mail/previews/welcome/default/html`);
    expect([body.headers.get('content-security-policy'), await body.text()]).toEqual([expect.stringContaining('sandbox'), '<p>Hello Ann</p>']);
    const list = (await (await fetch(`${url}/__mail/api/previews`)).json()) as Array<{ template: string; locale: string }>;
    expect(list.map((p) => `${p.template}/${p.locale}`)).toEqual(['welcome/default', 'welcome/de']);
    expect(await (await fetch(`${url}/__mail/api/previews/welcome/de`)).json()).toMatchObject({ subject: 'Welcome, Anna', html: '<p>Hello Anna</p>' });
    expect((await fetch(`${url}/__mail/api/previews/welcome/fr`)).status).toBe(404);
    expect(appErrorsUnder('/__mail')).toEqual([]);
  });

  it('leaves the app\'s own routes to the app: a path that only starts like the inbox\'s, a JSON body, the app\'s 404', async () => {
    const url = await listen();
    expect(await (await fetch(`${url}/send`)).json()).toEqual({ ok: true });
    expect(((await (await fetch(`${url}/__mail/api/messages`)).json()) as Array<{ subject: string }>).map((m) => m.subject)).toEqual(['From the app']);
    expect(await (await fetch(`${url}/__mailbox`)).json()).toEqual({ route: 'app __mailbox' });
    expect(await (await fetch(`${url}/__mailbox?q=1`)).json()).toEqual({ route: 'app __mailbox' });
    const echoed = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await echoed.json()).toEqual({ body: { a: 1 } });
    const missing = await fetch(`${url}/__mail.json`);
    expect([missing.status, await missing.json()]).toEqual([404, expect.objectContaining({ statusCode: 404 })]);
    expect(appErrorsUnder('/__mail')).toEqual([]);
  });

  it('answers at a custom path, with query strings, and leaves /__mail and paths beside it to the app', async () => {
    const url = await listen({ path: '/dev/mail' });
    await sendInvoice();
    const list = (await (await fetch(`${url}/dev/mail/api/messages?q=invoice`)).json()) as Array<{ subject: string }>;
    expect(list.map((m) => m.subject)).toEqual(['Invoice 42']);
    const page = await (await fetch(`${url}/dev/mail?id=1&q=invoice`)).text();
    expect(page).toContain('<h2>Invoice 42</h2>');
    expect(page).toContain('action="/dev/mail/clear?token=');
    expect((await fetch(`${url}/dev/mail/api/messages/1/raw?download=1`)).headers.get('content-type')).toBe('message/rfc822');
    for (const path of ['/__mail', '/__mail/api/messages', '/dev', '/dev/mailbox', '/dev/mail.json']) {
      expect([path, (await fetch(url + path)).status]).toEqual([path, 404]);
    }
    expect(await (await fetch(`${url}/__mailbox`)).json()).toEqual({ route: 'app __mailbox' });
    expect(appErrorsUnder('/dev/mail')).toEqual([]);
  });

  it('answers under the app\'s global prefix, as Nest mounts middleware, its pages linking under the prefix', async () => {
    const url = await listen({}, (created) => created.setGlobalPrefix('/api/'));
    expect(await (await fetch(`${url}/api/send`)).json()).toEqual({ ok: true });
    const list = (await (await fetch(`${url}/api/__mail/api/messages`)).json()) as Array<{ subject: string }>;
    expect(list.map((m) => m.subject)).toEqual(['From the app']);
    const page = await (await fetch(`${url}/api/__mail?id=1`)).text();
    expect(page).toContain('<h2>From the app</h2>');
    const clearAction = /action="(\/api\/__mail\/clear\?token=[^"]+)"/.exec(page);
    expect(clearAction).not.toBeNull();
    // The page's own form works where it points: the inbox is cleared and the browser sent back to the page.
    const cleared = await fetch(`${url}${clearAction![1].replaceAll('&amp;', '&')}`, { method: 'POST', redirect: 'manual' });
    expect([cleared.status, cleared.headers.get('location')]).toEqual([303, '/api/__mail/']);
    expect(await (await fetch(`${url}/api/__mail/api/messages`)).json()).toEqual([]);
    // Without the prefix the path is the app's, which has no such route.
    expect((await fetch(`${url}/__mail/api/messages`)).status).toBe(404);
    expect(await (await fetch(`${url}/api/__mailbox`)).json()).toEqual({ route: 'app __mailbox' });
    expect(appErrorsUnder('/api/__mail')).toEqual([]);
  });

  it('starts under a global prefix with a route parameter, and answers at its path where the prefix excludes it', async () => {
    const url = await listen({}, (created) => created.setGlobalPrefix('api/:version', { exclude: ['__mail', '__mail/{*rest}'] }));
    expect(await (await fetch(`${url}/api/v1/send`)).json()).toEqual({ ok: true });
    const list = (await (await fetch(`${url}/__mail/api/messages`)).json()) as Array<{ subject: string }>;
    expect(list.map((m) => m.subject)).toEqual(['From the app']);
  });

  it('answers at its own path under a global prefix that excludes it, while the app\'s routes take the prefix', async () => {
    const url = await listen({}, (created) => created.setGlobalPrefix('api', { exclude: ['__mail', '__mail/{*rest}'] }));
    expect(await (await fetch(`${url}/api/send`)).json()).toEqual({ ok: true });
    const list = (await (await fetch(`${url}/__mail/api/messages`)).json()) as Array<{ subject: string }>;
    expect(list.map((m) => m.subject)).toEqual(['From the app']);
    expect((await fetch(`${url}/__mail?id=1`)).status).toBe(200);
    expect(await (await fetch(`${url}/api/__mailbox`)).json()).toEqual({ route: 'app __mailbox' });
    expect(appErrorsUnder('/__mail')).toEqual([]);
  });
});
