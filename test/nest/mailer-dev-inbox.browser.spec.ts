import 'reflect-metadata';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { MailerDevInboxModule, MailerModule, MailerService } from '../../lib/index.js';
import { functionTemplates } from '../../lib/templates.js';
import { browserGate, CHROMIUM_ARGS, findChromium } from '../helpers/browser.js';
import { parseMail } from '../helpers/parse-mail.js';

/** Next to the sample's screenshot (`/tmp/inbox.png`), in the same folder. */
const SCREENSHOT = path.join(os.tmpdir(), 'dev-inbox.png');
const ATTACHMENT = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7) % 256));
const HOSTILE_SUBJECT = '<img src=x onerror="window.__xss = 1">Hostile';

const templates = functionTemplates({
  welcome: (ctx: { name: string }, { locale }) => ({
    subject: locale === 'de' ? `Willkommen, ${ctx.name}` : `Welcome, ${ctx.name}`,
    html: `<h1 style="color:#e0234e">${locale === 'de' ? 'Hallo' : 'Hello'} ${ctx.name}</h1>`,
    text: `Hello ${ctx.name}`,
    ...(locale === 'de' ? { locale: 'de' } : {}),
  }),
});

@Module({
  imports: [
    MailerModule.forRoot({ transport: 'memory://', defaults: { from: 'App <app@example.com>' }, templates }),
    MailerDevInboxModule.forRoot<{ welcome: { name: string } }>({ previews: { welcome: { default: { name: 'Ann' }, de: { name: 'Anna' } } } }),
  ],
})
class AppModule {}

const chromium = findChromium();
const describeBrowser = browserGate('the dev inbox browser test').describe;

describeBrowser('MailerDevInboxModule in a browser', () => {
  let app: INestApplication;
  let url: string;
  let browser: Browser;
  let page: Page;
  /** Console errors and page errors of the inbox's own pages (the mail's sandboxed frame is left out). */
  const errors: string[] = [];

  beforeAll(async () => {
    if (!chromium) throw new Error('no chromium on PATH: .ci/run installs it (apt-get install chromium)');
    app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    const { chromium: launcher } = await import('playwright-core');
    browser = await launcher.launch({ executablePath: chromium, args: CHROMIUM_ARGS, timeout: 30_000 });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.location().url.endsWith('/html')) errors.push(`${msg.location().url}: ${msg.text()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lists a message the app sends while the page is open, without a reload, escaped', async () => {
    await page.goto(`${url}/__mail`);
    // The stream is open: what arrives from now on comes through it, not through the page load.
    await page.locator('#status', { hasText: 'live' }).waitFor({ timeout: 10_000 });
    await page.evaluate(() => Object.assign(globalThis, { __sameDocument: true }));

    const mailer = app.get(MailerService);
    await mailer.sendMail({
      to: 'ann@example.com',
      subject: 'Your invoice',
      text: 'Invoice attached.',
      html: '<h2 id="greeting">Hi Ann!</h2><p>Your invoice is attached.</p><script>document.body.dataset.ran = "yes"</script>',
      attachments: [{ filename: 'invoice.bin', content: ATTACHMENT, contentType: 'application/octet-stream' }],
    });
    await mailer.sendMail({ to: 'bob@example.com', subject: HOSTILE_SUBJECT, text: 'x' });

    const rows = page.locator('#messages tbody tr');
    await rows.filter({ hasText: 'Hostile' }).waitFor({ timeout: 10_000 });
    expect(await rows.allTextContents()).toEqual([expect.stringContaining(HOSTILE_SUBJECT), expect.stringContaining('Your invoice')]);
    expect(await page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await expect(page.locator('#count').textContent()).resolves.toBe('(2)');
  });

  it('renders the HTML in the sandboxed frame (no script runs) and downloads the attachment byte-exact', async () => {
    await page.locator('#messages tbody tr', { hasText: 'Your invoice' }).locator('a').click();
    await page.waitForURL(/\?id=1$/);
    await expect(page.locator('#detail h2').textContent()).resolves.toBe('Your invoice');
    expect(await page.locator('#html').getAttribute('sandbox')).toBe('');
    const frame = page.frameLocator('#html');
    await expect(frame.locator('#greeting').textContent()).resolves.toBe('Hi Ann!');
    await expect(frame.locator('body').getAttribute('data-ran')).resolves.toBeNull();
    await expect(page.locator('#text').textContent()).resolves.toBe('Invoice attached.');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#attachments a').click()]);
    expect(download.suggestedFilename()).toBe('invoice.bin');
    const bytes = await readFile((await download.path())!);
    expect(bytes.equals(ATTACHMENT)).toBe(true);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('serves the raw message, which parses to the same subject and attachment', async () => {
    const rawUrl = await page.locator('#raw').getAttribute('href');
    const bytes = Buffer.from(await page.evaluate(async (href) => Array.from(new Uint8Array(await (await fetch(href!)).arrayBuffer())), rawUrl));
    const parsed = await parseMail(bytes);
    expect(parsed.subject).toBe('Your invoice');
    expect(parsed.attachments.map((a) => [a.filename, a.content.equals(ATTACHMENT)])).toEqual([['invoice.bin', true]]);
  });

  it('shows the hostile subject as text in the message view too, and runs none of it', async () => {
    await page.locator('#messages tbody tr', { hasText: 'Hostile' }).locator('a').click();
    await page.waitForURL(/\?id=2$/);
    await expect(page.locator('#detail h2').textContent()).resolves.toBe(HOSTILE_SUBJECT);
    expect(await page.locator('#detail img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('renders template previews by locale without sending them', async () => {
    await page.goto(`${url}/__mail/previews`);
    await page.getByRole('link', { name: 'de', exact: true }).click();
    await expect(page.locator('#subject').textContent()).resolves.toBe('Willkommen, Anna');
    await expect(page.frameLocator('#html').locator('h1').textContent()).resolves.toBe('Hallo Anna');
    expect((await (await fetch(`${url}/__mail/api/messages`)).json() as unknown[]).length).toBe(2);
  });

  it('clears the inbox with the button; the list empties', async () => {
    await page.goto(`${url}/__mail`);
    await page.locator('#clear button').click();
    await page.waitForURL(/\/__mail\/$/);
    await expect(page.locator('#count').textContent()).resolves.toBe('(0)');
    expect(errors).toEqual([]);
  });
});
