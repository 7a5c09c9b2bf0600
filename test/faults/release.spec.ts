import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createTransport } from '../../lib/transport/transport.js';
import type { SmtpError } from '../../lib/core/errors.js';
import { startScriptServer } from '../helpers/script-server.js';
import { esmtp } from '../helpers/esmtp-script.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { rejectionOf } from '../helpers/settle.js';

const start = closedAfterEach(startScriptServer);
const envelope = { from: 'a@example.com', to: ['b@example.com'] };

/** File descriptors of this process open on `path` (Linux /proc). */
function openDescriptors(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

describe('faults: every send settles and releases its sources', () => {
  it('a refused MAIL closes the attachment file that was read ahead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nestjs-smtp-release-'));
    const file = join(dir, 'big.bin');
    writeFileSync(file, Buffer.alloc(2 * 1024 * 1024, 7));
    try {
      const srv = await start(esmtp({ overrides: { MAIL: '550 5.7.1 sender refused' } }));
      const transport = createTransport({ host: srv.host, port: srv.port });
      for (let i = 0; i < 3; i += 1) {
        const err = await rejectionOf(transport.sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x', attachments: [{ path: file }] }));
        expect(err.code).toBe('EENVELOPE');
      }
      // Closing is asynchronous (the thread pool): give it up to 2 s on a busy machine; a leaked descriptor stays open.
      for (let waited = 0; openDescriptors(file) > 0 && waited < 2000; waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(openDescriptors(file)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['before MAIL', 1000],
    ['mid-body', 400 * 1024],
  ])('a content stream that stalls %s still settles with ETIMEDOUT at socketTimeout', async (_where, bytes) => {
    const srv = await start(esmtp());
    let pushed = false;
    const stalled = new Readable({
      read() {
        if (pushed) return; // never more data, never an end
        pushed = true;
        this.push(Buffer.from(`Subject: x\r\n\r\n${`${'y'.repeat(78)}\r\n`.repeat(Math.ceil(bytes / 80))}`));
      },
    });
    const started = Date.now();
    const err = await rejectionOf(createTransport({ host: srv.host, port: srv.port, socketTimeout: 300 }).sendMail({ raw: stalled, envelope }));
    expect(err.code).toBe('ETIMEDOUT');
    expect(err.delivery).toBe('not-sent');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(stalled.destroyed).toBe(true);
  });

  it('verify aborted while DNS is pending settles at once', async () => {
    const transport = createTransport({ host: 'mail.example.test', port: 25, dnsTimeout: 5000, lookup: () => undefined });
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 50);
    const err = await rejectionOf(transport.verify({ signal: abort.signal }));
    expect(err.code).toBe('ETIMEDOUT');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('530 authentication required to MAIL is EAUTH', async () => {
    const srv = await start(esmtp({ overrides: { MAIL: '530 5.7.0 Authentication required' } }));
    const err = await rejectionOf(createTransport({ host: srv.host, port: srv.port }).sendMail({ raw: 'Subject: x\r\n\r\nbody', envelope }));
    expect(err).toMatchObject({ code: 'EAUTH', responseCode: 530, phase: 'mail' });
  });

  it('a 421 to MAIL that the pool retries successfully emits no error event', async () => {
    const srv = await start([esmtp({ overrides: { MAIL: ['421 4.3.2 shutting down'] } }), esmtp()]);
    const transport = createTransport({ host: srv.host, port: srv.port, pool: true, maxConnections: 1 });
    const errors: SmtpError[] = [];
    transport.on('error', (err) => errors.push(err));
    await expect(transport.sendMail({ raw: 'Subject: x\r\n\r\nbody', envelope })).resolves.toMatchObject({ accepted: ['b@example.com'] });
    await transport.close();
    expect(errors).toEqual([]);
  });
});
