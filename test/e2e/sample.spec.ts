import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildSample, ROOT, startSample } from '../helpers/sample-process.js';
import type { SampleProcess } from '../helpers/sample-process.js';
import { browserGate, CHROMIUM_ARGS, findChromium } from '../helpers/browser.js';
import { closedPort } from '../helpers/free-port.js';

/** Screenshots of browser tests land here (git ignores it); TEST_OUTPUT_DIR moves it. */
const OUTPUT_DIR = process.env.TEST_OUTPUT_DIR ?? path.join(ROOT, 'test-output');

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

function postMail(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/mail`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** A line of the package inbox's `GET /__mail/api/messages`. */
interface Summary {
  id: string;
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  date: string;
  size: number;
  hasHtml: boolean;
  attachmentCount: number;
}

/** One message of `GET /__mail/api/messages/:id`. */
interface Detail extends Summary {
  envelope: { from: string; to: string[] };
  headers: Record<string, string[]>;
  text?: string;
  html?: string;
  attachments: unknown[];
}

// One build for every test of this file: the sample compiles lib/ and sample/ with tsc (a few seconds).
beforeAll(async () => {
  await buildSample();
}, 120_000);

describe('sample app (embedded inbox)', () => {
  let sample: SampleProcess;
  const subject = `E2E <check> ${Date.now()}`;

  beforeAll(async () => {
    sample = await startSample({ MAIL_URL: undefined, MAIL_FROM: 'E2E Sender <e2e@example.com>' });
  }, 30_000);

  afterAll(async () => {
    await sample?.stop();
  });

  it('prints the URL of a free port, and logs where its embedded SMTP server listens', () => {
    expect(sample.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sample.url).not.toMatch(/:3000$/);
    expect(sample.output()).toMatch(/embedded SMTP server on smtp:\/\/127\.0\.0\.1:\d+ \(MAIL_URL is not set\); inbox at \/__mail\//);
  });

  it('POST /mail sends through the mailer and answers 201 { messageId, accepted, rejected }', async () => {
    const res = await postMail(sample.url, { to: 'ann@example.com', cc: ['cc@example.com'], subject, text: 'Hello from e2e', html: '<p>Hello <b>e2e</b></p>' });
    expect(res.status).toBe(201);
    const body = await json<{ messageId: string; accepted: string[]; rejected: string[] }>(res);
    expect(body).toEqual({ messageId: expect.stringMatching(/^<.+@example\.com>$/), accepted: ['ann@example.com', 'cc@example.com'], rejected: [] });
  });

  it('the embedded server received it over SMTP: listed by GET /__mail/api/messages (newest first), shown by GET /__mail/api/messages/:id', async () => {
    await postMail(sample.url, { to: 'bob@example.com', subject: 'second', text: 'two' });
    const list = await json<Summary[]>(await fetch(`${sample.url}/__mail/api/messages`));
    expect(list.map((m) => m.subject)).toEqual(['second', subject]);
    const first = list[1];
    expect(first).toEqual({
      id: expect.any(String), messageId: expect.stringMatching(/@example\.com>$/), from: 'e2e@example.com', to: ['ann@example.com'], cc: ['cc@example.com'],
      subject, date: expect.any(String), size: expect.any(Number), hasHtml: true, attachmentCount: 0,
    });
    const detail = await json<Detail>(await fetch(`${sample.url}/__mail/api/messages/${first.id}`));
    expect(detail).toMatchObject({ subject, text: 'Hello from e2e', html: '<p>Hello <b>e2e</b></p>', attachments: [], envelope: { from: 'e2e@example.com', to: ['ann@example.com', 'cc@example.com'] } });
    expect(detail.headers['message-id']).toEqual([first.messageId]);
    expect((await fetch(`${sample.url}/__mail/api/messages/nope`)).status).toBe(404);
  });

  it('GET /messages lists it as { id, from, to, subject, date, size } and GET /messages/:id shows it', async () => {
    const list = await json<Array<Record<string, unknown>>>(await fetch(`${sample.url}/messages`));
    expect(list.map((m) => m.subject)).toEqual(['second', subject]);
    expect(list[1]).toEqual({ id: expect.any(String), from: 'E2E Sender <e2e@example.com>', to: ['ann@example.com'], subject, date: expect.any(String), size: expect.any(Number) });
    const detail = await json<Record<string, unknown>>(await fetch(`${sample.url}/messages/${list[1].id as string}`));
    expect(detail).toMatchObject({ subject, cc: ['cc@example.com'], text: 'Hello from e2e', html: '<p>Hello <b>e2e</b></p>', attachments: [] });
    expect((detail.headers as Record<string, string>)['message-id']).toMatch(/@example\.com>$/);
    expect((await fetch(`${sample.url}/messages/nope`)).status).toBe(404);
  });

  it('GET / opens the inbox, which lists the message escaped under a nonce-only script policy', async () => {
    const home = await fetch(sample.url, { redirect: 'manual' });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/__mail/');
    const res = await fetch(`${sample.url}/__mail/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'nonce-/);
    const html = await res.text();
    expect(html).toContain(subject.replace('<', '&#60;').replace('>', '&#62;'));
    expect(html).not.toContain('<check>');
  });

  it('POST /mail answers 400 naming the field at fault', async () => {
    const cases: Array<[unknown, string]> = [
      [{ subject: 'no recipient' }, 'to'],
      [{ to: 'not-an-address', subject: 'x' }, 'to'],
      [{ to: 'a@example.com' }, 'subject'],
      [{ to: 'a@example.com', subject: 'x', cc: 42 }, 'cc'],
      [{ to: 'a@example.com', subject: 'x', html: ['x'] }, 'html'],
      [{ to: 'a@example.com', subject: 'x', from: 'spoof@example.com' }, 'from'],
      [{ to: '-oQ/tmp@example.com', subject: 'x' }, 'to'],
    ];
    for (const [body, field] of cases) {
      const res = await postMail(sample.url, body);
      expect(res.status).toBe(400);
      expect(await json<{ field: string; message: string }>(res)).toMatchObject({ field, message: expect.stringMatching(new RegExp(`^${field}: `)) });
    }
  });

  it('POST /mail/welcome sends the React Email welcome template, and the inbox shows it rendered', async () => {
    const post = (body: unknown): Promise<Response> =>
      fetch(`${sample.url}/mail/welcome`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const res = await post({ to: 'new@example.com', name: 'Ann' });
    expect(res.status).toBe(201);
    const { messageId } = await json<{ messageId: string }>(res);
    const [newest] = await json<Summary[]>(await fetch(`${sample.url}/__mail/api/messages`));
    expect(newest).toMatchObject({ subject: 'Welcome, Ann', to: ['new@example.com'] });
    const detail = await json<Detail & { html: string; text: string }>(await fetch(`${sample.url}/__mail/api/messages/${newest.id}`));
    expect(detail.headers['message-id']).toEqual([messageId]);
    expect(detail.html).toContain('Welcome, Ann!');
    expect(detail.text).toContain('Your account is ready');
    // The inbox previews the same template with the sample's example name, without sending anything.
    const preview = await json<{ subject: string; html: string }>(await fetch(`${sample.url}/__mail/api/previews/welcome/default`));
    expect(preview.subject).toBe('Welcome, Ann');
    expect(preview.html).toContain('Welcome, Ann!');
    const bad = await post({ to: 'new@example.com' });
    expect(bad.status).toBe(400);
    expect(await json<{ field: string }>(bad)).toMatchObject({ field: 'name' });
  });

  it('GET /health is up', async () => {
    const res = await fetch(`${sample.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', info: { mailer: { status: 'up' } } });
  });

  const chromium = findChromium();
  const browserIt = browserGate('the sample browser test').it;

  browserIt('the inbox page shows messages in a real browser and updates without a reload', async () => {
    if (!chromium) throw new Error('no chromium on PATH: .ci/run installs it (apt-get install chromium)');
    const { chromium: launcher } = await import('playwright-core');
    const browser: Browser = await launcher.launch({ executablePath: chromium, args: CHROMIUM_ARGS, timeout: 30_000 });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
      // GET / redirects to the inbox the sample mounts from the package.
      await page.goto(sample.url);
      await page.waitForURL(/\/__mail\/$/);
      await page.locator('#messages tbody tr', { hasText: subject }).waitFor({ timeout: 5000 });
      await expect(page.locator('#messages tbody tr', { hasText: subject }).locator('td').first().textContent()).resolves.toBe('e2e@example.com');
      await page.locator('#status', { hasText: 'live' }).waitFor({ timeout: 5000 });

      // Sent through the app after the page loaded: it appears through the page's live stream, not a reload.
      await postMail(sample.url, { to: 'live@example.com', subject: 'Arrived while the page was open', text: 'live update works', html: '<h2 style="color:#e0234e">Hi!</h2><p>This HTML renders in a sandboxed frame.</p>' });
      const live = page.locator('#messages tbody tr', { hasText: 'Arrived while the page was open' });
      await live.waitFor({ timeout: 6000 });
      expect(await page.locator('#messages tbody tr').first().textContent()).toContain('Arrived while the page was open');

      await live.locator('a').click();
      await page.waitForURL(/\?id=/);
      await expect(page.locator('#detail h2').first().textContent()).resolves.toBe('Arrived while the page was open');
      const frame = page.frameLocator('#detail iframe');
      await expect(frame.locator('h2').textContent()).resolves.toBe('Hi!');
      expect(await page.locator('#detail iframe').getAttribute('sandbox')).toBe('');
      await expect(page.locator('#detail pre').textContent()).resolves.toContain('live update works');

      // The React Email welcome mail, rendered by the template and shown in the same sandbox.
      await page.locator('#messages tbody tr', { hasText: 'Welcome, Ann' }).locator('a').click();
      await expect(page.frameLocator('#detail iframe').locator('h1').textContent()).resolves.toBe('Welcome, Ann!');

      mkdirSync(OUTPUT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(OUTPUT_DIR, 'sample-inbox.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('stops cleanly on SIGTERM (exit code 0, shutdown hooks ran), even with an inbox page connected', async () => {
    // An open tab's live stream: the shutdown must end it rather than wait for it.
    const stream = new Promise<void>((resolve, reject) => {
      http.get(`${sample.url}/__mail/events`, (res) => {
        res.resume();
        res.on('end', resolve);
        res.on('error', reject);
      }).on('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const finished = await sample.stop();
    await stream;
    expect(finished.signal).toBeNull();
    expect(finished.code).toBe(0);
    expect(finished.output).toMatch(/SIGTERM: shutting down[\s\S]*stopped/);
  }, 20_000);
});

describe('sample app with MAIL_URL set (no embedded inbox)', () => {
  let sample: SampleProcess;

  beforeAll(async () => {
    const port = await closedPort();
    sample = await startSample({ MAIL_URL: `smtp://app:s3cret-pass@127.0.0.1:${port}?connectionTimeout=2000` });
  }, 30_000);

  afterAll(async () => {
    await sample?.stop();
  });

  it('POST /mail answers 502 with the SmtpError code when the server cannot be reached', async () => {
    const res = await postMail(sample.url, { to: 'ann@example.com', subject: 'x', text: 'y' });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ statusCode: 502, code: 'ECONNECTION' });
  });

  it('GET /health answers 503 with the mailer down', async () => {
    const res = await fetch(`${sample.url}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'error', error: { mailer: { status: 'down', code: 'ECONNECTION' } } });
  });

  it('the page says where mail goes, without the password; /messages is empty and there is no inbox', async () => {
    const html = await (await fetch(sample.url)).text();
    expect(html).toMatch(/MAIL_URL<\/code> is set: mail goes to <code>smtp:\/\/app@127\.0\.0\.1:\d+/);
    expect(html).not.toContain('s3cret');
    expect(await (await fetch(`${sample.url}/messages`)).json()).toEqual([]);
    expect((await fetch(`${sample.url}/__mail/api/messages`)).status).toBe(404);
    const finished = await sample.stop();
    expect(finished.code).toBe(0);
    expect(finished.output).not.toContain('s3cret');
  }, 20_000);
});

describe('sample app under NODE_ENV=production without MAIL_URL', () => {
  it('refuses to start rather than serve the inbox, saying why (exit 1)', async () => {
    await expect(startSample({ MAIL_URL: undefined, NODE_ENV: 'production' })).rejects.toThrow(
      /the sample exited \(1\) before listening:[\s\S]*nestjs-smtp sample failed to start: MailerDevInboxModule refuses to start with NODE_ENV=production/,
    );
  }, 30_000);
});
