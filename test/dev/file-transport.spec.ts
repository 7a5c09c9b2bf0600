import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMailTransport, FileTransport } from '../../lib/dev.js';
import { parseMail } from '../helpers/parse-mail.js';
import { waitFor } from '../helpers/smtp-server.js';

/** `20261207T063000Z-<id>.eml`: UTC date and time, then the sanitised Message-ID. */
const EML_NAME = /^(\d{8}T\d{6}Z)-([A-Za-z0-9._@+-]+)\.eml$/;

describe('file:// transport', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nestjs-smtp-file-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes each message as an .eml file named from the date and Message-ID, which mailparser reads back', async () => {
    const transport = createMailTransport(pathToFileURL(dir).href, { from: 'App <app@example.com>' });
    expect(transport).toBeInstanceOf(FileTransport);
    const before = new Date();
    const info = await transport.sendMail({ to: 'Ann <ann@example.com>', subject: 'Grüße', text: 'Hello Ann', attachments: [{ filename: 'a.txt', content: 'attached' }] });

    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const [, stamp, id] = EML_NAME.exec(files[0])!;
    expect(id).toBe(info.messageId.slice(1, -1).replace(/[^A-Za-z0-9._@+-]/g, '_'));
    const written = new Date(stamp.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    expect(written.getTime()).toBeGreaterThanOrEqual(Math.floor(before.getTime() / 1000) * 1000);
    expect(written.getTime()).toBeLessThanOrEqual(Date.now());

    const path = join(dir, files[0]);
    expect(info.response).toBe(`250 2.0.0 Written to ${path}`);
    expect(info.messageSize).toBe(statSync(path).size);
    const parsed = await parseMail(readFileSync(path));
    expect(parsed.messageId).toBe(info.messageId);
    expect(parsed.subject).toBe('Grüße');
    expect(parsed.from?.text).toBe('"App" <app@example.com>');
    expect(parsed.text).toBe('Hello Ann');
    expect(parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['a.txt', 'attached']]);
  });

  it('never replaces a file: the same Message-ID twice in one second gives a second name', async () => {
    const transport = createMailTransport({ type: 'file', dir });
    const message = { from: 'a@example.com', to: 'b@example.com', messageId: '<fixed/id@example.com>', text: 'x' };
    await transport.sendMail({ ...message, subject: 'first' });
    await transport.sendMail({ ...message, subject: 'second' });
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    const subjects = await Promise.all(files.map(async (file) => (await parseMail(readFileSync(join(dir, file)))).subject));
    expect(subjects.sort()).toEqual(['first', 'second']);
    expect(files.every((file) => file.includes('-fixed_id@example.com'))).toBe(true);
  });

  it('refuses at creation a folder that is missing, a file, or under a file (ECONFIG)', () => {
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'not a folder');
    for (const target of [join(dir, 'missing'), file, join(file, 'sub')]) {
      expect(() => createMailTransport(pathToFileURL(target).href)).toThrow(expect.objectContaining({ code: 'ECONFIG' }));
    }
    expect(() => createMailTransport({ type: 'file', dir: 'relative/out' })).toThrow(expect.objectContaining({ code: 'ECONFIG', message: expect.stringContaining('absolute') }));
  });

  it('refuses at creation a folder that takes no new files, even for root: /proc (ECONFIG)', () => {
    // Permission bits do not stop root, so the check creates a probe file: /proc refuses it for everyone.
    expect(() => createMailTransport('file:///proc')).toThrow(expect.objectContaining({ code: 'ECONFIG', message: expect.stringContaining('not writable') }));
  });

  it('fails a send with ESTREAM, leaving nothing, when the folder has become a file', async () => {
    const target = join(dir, 'out');
    mkdirSync(target);
    const transport = createMailTransport(pathToFileURL(target).href);
    expect(transport).toBeInstanceOf(FileTransport);
    rmSync(target, { recursive: true });
    writeFileSync(target, 'in the way');
    await expect(transport.sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' })).rejects.toMatchObject({ code: 'ESTREAM', message: expect.stringContaining('ENOTDIR') });
    await expect(transport.verify()).rejects.toMatchObject({ code: 'ECONFIG' });
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('removes the partly written file when the content fails mid-message: nothing half-written is left', async () => {
    const transport = createMailTransport({ type: 'file', dir });
    const content = new PassThrough();
    content.write('first half of the attachment\n'.repeat(2000));
    const sending = transport.sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x', attachments: [{ filename: 'big.txt', content }] });
    // The temporary file exists and holds part of the message before the source fails.
    await waitFor(() => readdirSync(dir).some((name) => name.endsWith('.part') && statSync(join(dir, name)).size > 0), 5000);
    content.destroy(new Error('the attachment source broke'));
    await expect(sending).rejects.toMatchObject({ code: 'ESTREAM' });
    expect(readdirSync(dir)).toEqual([]);
  });
});
