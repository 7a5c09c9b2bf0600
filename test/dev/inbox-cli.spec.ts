import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { createTransport } from '../../lib/engine.js';
import { browserGate, CHROMIUM_ARGS, findChromium } from '../helpers/browser.js';
import { parseMail } from '../helpers/parse-mail.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Screenshots of browser tests land here (git ignores it); TEST_OUTPUT_DIR moves it. */
const OUTPUT_DIR = process.env.TEST_OUTPUT_DIR ?? path.join(ROOT, 'test-output');

/** A binary attachment holding every byte value, so any text decoding on the way would show. */
const BINARY = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 31 + 7) % 256));

interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `nestjs-smtp <args>` from the TypeScript source (the repository's SWC loader, as jest transforms it):
 * the same file the build turns into dist/cli.js. The packed binary runs in test/consumers.
 */
function runCli(args: string[]): CliRun {
  const child = spawn(process.execPath, ['--import', './test/helpers/register-ts.mjs', 'lib/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves the first match of `pattern` in the child's stdout; fails with its output if it exits or is too slow. */
async function waitForOutput(run: CliRun, pattern: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(run.stdout());
    if (match) return match;
    if (run.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`no ${pattern} in the output of nestjs-smtp (exit ${run.child.exitCode}):\n${run.stdout()}\n${run.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('nestjs-smtp inbox (the CLI)', () => {
  it('--help prints the usage and the options, exit 0', async () => {
    const run = runCli(['--help']);
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toMatch(/^Usage: nestjs-smtp inbox \[options\]/);
    for (const flag of ['--smtp-port <port>', '--http-port <port>', '--host <address>', '--max <count>', '--allow-host <name>', '-h, --help']) expect(run.stdout()).toContain(flag);
    expect(run.stderr()).toBe('');
  });

  it('a bad flag or a port in use is one line on stderr and exit 1, with no stack trace', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const busyPort = (busy.address() as net.AddressInfo).port;
    try {
      const cases: Array<[string[], RegExp]> = [
        [['inbox', '--smtp-port', '70000'], /^nestjs-smtp: --smtp-port must be a TCP port from 0 to 65535 \(0 picks a free one\), not "70000" \(see nestjs-smtp --help\)$/],
        [['inbox', '--max', 'lots'], /^nestjs-smtp: --max must be a whole number of at least 1, not "lots"/],
        [['inbox', '--colour'], /^nestjs-smtp: unknown option '--colour' \(see nestjs-smtp --help\)$/],
        [['outbox'], /^nestjs-smtp: unknown command "outbox"; the command is "inbox"/],
        [['inbox', '--allow-host', 'http://devbox.test'], /^nestjs-smtp: invalid option allowedHosts: "http:\/\/devbox\.test" is not a host name or address \(with an optional :port\)$/],
        [['inbox', '--smtp-port', String(busyPort), '--http-port', '0'], new RegExp(`^nestjs-smtp: the dev SMTP server cannot listen on 127\\.0\\.0\\.1:${busyPort}: the port is in use`)],
      ];
      const runs = cases.map(([args]) => runCli(args));
      for (const [index, run] of runs.entries()) {
        expect(await run.exited).toEqual({ code: 1, signal: null });
        const lines = run.stderr().split('\n').filter(Boolean);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(cases[index][1]);
        expect(run.stdout()).toBe('');
      }
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  }, 30_000);

  it('SIGTERM stops it with exit 0 and frees both ports', async () => {
    const run = runCli(['inbox', '--smtp-port', '0', '--http-port', '0']);
    const [, smtpUrl, webUrl] = await waitForOutput(run, /SMTP +(smtp:\/\/\S+)[^\n]*\n +Inbox +(http:\/\/\S+)/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toMatch(/SIGTERM: stopping\nstopped\n$/);
    for (const url of [smtpUrl, webUrl]) {
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(Number(new URL(url).port), '127.0.0.1', resolve);
      });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 20_000);

  describe('running on free ports', () => {
    let run: CliRun;
    let smtpUrl: string;
    let webUrl: string;

    beforeAll(async () => {
      run = runCli(['inbox', '--smtp-port', '0', '--http-port', '0', '--max', '50', '--allow-host', 'devbox.test', '--allow-host', 'proxy.test:8443']);
      [, smtpUrl, webUrl] = await waitForOutput(run, /SMTP +(smtp:\/\/\S+)[^\n]*\n +Inbox +(http:\/\/\S+)/);
    }, 20_000);

    afterAll(async () => {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
      await run.exited;
    });

    it('prints both URLs with the ports it bound', () => {
      expect(smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
      expect(webUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(Number(new URL(smtpUrl).port)).toBeGreaterThan(0);
      expect(Number(new URL(webUrl).port)).toBeGreaterThan(0);
    });

    it('receives from a plain smtp:// transport and says so on stdout', async () => {
      const transport = createTransport(`smtp://127.0.0.1:${new URL(smtpUrl).port}`, { from: 'app@example.com' });
      try {
        await transport.sendMail({ to: 'ann@example.com', subject: 'From a plain URL', text: 'hello' });
      } finally {
        await transport.close();
      }
      await waitForOutput(run, /received #1 from <app@example\.com> to <ann@example\.com>: "From a plain URL"/, 5000);
      const list = (await (await fetch(new URL('api/messages', webUrl))).json()) as Array<{ subject: string }>;
      expect(list.map((m) => m.subject)).toEqual(['From a plain URL']);
    });

    it('answers its own address and each --allow-host name, and refuses another Host with a one-line 403', async () => {
      const port = Number(new URL(webUrl).port);
      const get = (host: string): Promise<{ status: number; body: string }> => new Promise((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: '/api/messages', headers: { host } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }).on('error', reject);
      });
      expect((await get(`127.0.0.1:${port}`)).status).toBe(200);
      expect((await get('devbox.test:3000')).status).toBe(200);
      expect((await get('proxy.test:8443')).status).toBe(200);
      expect((await get('proxy.test:8444')).status).toBe(403);
      const refused = await get(`rebound.example:${port}`);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatch(/^refused: the Host header "rebound\.example:\d+" does not name this dev inbox \(a guard against DNS rebinding\); [^\n]*--allow-host rebound\.example[^\n]*\n$/);
    });

    const chromium = findChromium();
    const browserIt = browserGate('the nestjs-smtp inbox browser test').it;

    browserIt('the inbox shows a new message without a reload: HTML in a sandboxed frame, the attachment and the .eml byte-exact', async () => {
      if (!chromium) throw new Error('no chromium on PATH: .ci/run installs it (apt-get install chromium)');
      const { chromium: launcher } = await import('playwright-core');
      const browser: Browser = await launcher.launch({ executablePath: chromium, args: CHROMIUM_ARGS, timeout: 30_000 });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
        const errors: string[] = [];
        page.on('pageerror', (err) => errors.push(err.message));
        page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
        await page.goto(webUrl);
        await page.locator('#status', { hasText: 'live' }).waitFor({ timeout: 5000 });
        // A mark on the loaded document: a reload would lose it.
        await page.evaluate(() => { (globalThis as unknown as { loadedOnce: boolean }).loadedOnce = true; });

        const transport = createTransport(smtpUrl, { from: 'Browser Test <browser@example.com>' });
        try {
          await transport.sendMail({
            to: 'live@example.com',
            subject: 'Arrived while the page was open',
            text: 'live text part',
            html: '<h2 style="color:#e0234e">Hi!</h2><p>Rendered in a sandboxed frame.</p>',
            attachments: [{ filename: 'every-byte.bin', content: BINARY, contentType: 'application/octet-stream' }],
          });
        } finally {
          await transport.close();
        }
        const row = page.locator('#messages tbody tr', { hasText: 'Arrived while the page was open' });
        await row.waitFor({ timeout: 5000 });
        expect(await page.evaluate(() => (globalThis as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
        await expect(page.locator('#count').textContent()).resolves.toBe('(2)');

        await row.locator('a').click();
        await page.waitForURL(/\?id=/);
        await expect(page.locator('#detail h2').first().textContent()).resolves.toBe('Arrived while the page was open');
        expect(await page.locator('#detail iframe').getAttribute('sandbox')).toBe('');
        await expect(page.frameLocator('#detail iframe').locator('h2').textContent()).resolves.toBe('Hi!');
        await expect(page.locator('#detail pre').textContent()).resolves.toContain('live text part');

        const [attachment] = await Promise.all([page.waitForEvent('download'), page.locator('#attachments a').click()]);
        expect(attachment.suggestedFilename()).toBe('every-byte.bin');
        expect(readFileSync(await attachment.path()).equals(BINARY)).toBe(true);

        const [eml] = await Promise.all([page.waitForEvent('download'), page.locator('#raw').click()]);
        const parsed = await parseMail(readFileSync(await eml.path()));
        expect(parsed.subject).toBe('Arrived while the page was open');
        expect(parsed.from?.value[0].address).toBe('browser@example.com');
        expect(parsed.html).toContain('<h2 style="color:#e0234e">Hi!</h2>');
        expect(parsed.attachments[0].content.equals(BINARY)).toBe(true);

        mkdirSync(OUTPUT_DIR, { recursive: true });
        const screenshot = path.join(OUTPUT_DIR, 'nestjs-smtp-inbox.png');
        await page.screenshot({ path: screenshot, fullPage: true });
        expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 60_000);

    it('SIGINT stops it with exit 0, even with a live page connected', async () => {
      const stream = new Promise<void>((resolve, reject) => {
        http.get(new URL('events', webUrl), (res) => {
          res.resume();
          res.on('end', resolve);
          res.on('error', reject);
        }).on('error', reject);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      run.child.kill('SIGINT');
      expect(await run.exited).toEqual({ code: 0, signal: null });
      await stream;
      expect(run.stdout()).toMatch(/SIGINT: stopping\nstopped\n$/);
      expect(run.stderr()).toBe('');
    }, 15_000);
  });
});
