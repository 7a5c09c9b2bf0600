import { describe, it, expect, afterEach } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { openSource, resolveContent, resolveFields, resolveLocation, suggestedName } from '../../lib/mime/content-sources.js';
import { parseDataUrl } from '../../lib/mime/data-url.js';
import { contentTypeFor } from '../../lib/mime/mime-types.js';
import { readAll } from '../helpers/parse-mail.js';
import { body, redirect, startHttpSource } from '../helpers/http-source.js';
import type { HttpSource } from '../helpers/http-source.js';
import { cpuStopwatch } from '../helpers/cpu-time.js';

const dir = mkdtempSync(join(tmpdir(), 'nsmtp-sources-'));
const file = join(dir, 'note.txt');
writeFileSync(file, 'file content\n');

describe('resolveContent', () => {
  it('keeps strings, Buffers and Readables in memory form', () => {
    expect(resolveContent('hé', {}, 'text')).toEqual({ kind: 'buffer', data: Buffer.from('hé') });
    expect(resolveContent(Buffer.from([1]), {}, 'text')).toEqual({ kind: 'buffer', data: Buffer.from([1]) });
    const stream = Readable.from(['x']);
    expect(resolveContent(stream, {}, 'text')).toEqual({ kind: 'stream', stream });
  });

  it('reads paths and file: URLs as files, http(s) as URLs, data: decoded', () => {
    expect(resolveContent({ path: file }, {}, 'x')).toEqual({ kind: 'file', path: file });
    expect(resolveContent({ href: pathToFileURL(file).href }, {}, 'x')).toEqual({ kind: 'file', path: file });
    expect(resolveContent({ path: 'https://example.com/a.pdf' }, {}, 'x')).toEqual({ kind: 'url', url: 'https://example.com/a.pdf' });
    expect(resolveContent({ href: 'data:text/plain;base64,aGk=' }, {}, 'x')).toEqual({ kind: 'buffer', data: Buffer.from('hi'), contentType: 'text/plain' });
  });

  it('refuses other content with EMESSAGE and other URL schemes with EURLACCESS', () => {
    expect(() => resolveContent(42 as never, {}, 'x')).toThrow(expect.objectContaining({ code: 'EMESSAGE' }));
    expect(() => resolveContent({ href: 'ftp://example.com/x' }, {}, 'x')).toThrow(expect.objectContaining({ code: 'EURLACCESS' }));
    expect(() => resolveContent({ href: '/etc/hostname' }, {}, 'x')).toThrow(expect.objectContaining({ code: 'EURLACCESS' }));
  });

  it('decides access synchronously from the policy', () => {
    const noFiles = { disableFileAccess: true };
    const noUrls = { disableUrlAccess: true };
    expect(() => resolveContent({ path: file }, noFiles, 'x')).toThrow(expect.objectContaining({ code: 'EFILEACCESS' }));
    expect(() => resolveContent({ href: 'file:///etc/hostname' }, noFiles, 'x')).toThrow(expect.objectContaining({ code: 'EFILEACCESS' }));
    expect(() => resolveContent({ href: 'http://127.0.0.1/x' }, noUrls, 'x')).toThrow(expect.objectContaining({ code: 'EURLACCESS' }));
    expect(() => resolveLocation('data:,hi', { disableFileAccess: true, disableUrlAccess: true }, 'x', true)).not.toThrow();
  });
});

describe('resolveFields', () => {
  it('decodes string content with its encoding and prefers content over path over href', () => {
    expect(resolveFields({ content: 'aGk=', encoding: 'base64' }, {}, 'x')).toEqual({ kind: 'buffer', data: Buffer.from('hi') });
    expect(resolveFields({ content: '6869', encoding: 'hex', path: file }, {}, 'x')).toEqual({ kind: 'buffer', data: Buffer.from('hi') });
    expect(resolveFields({ path: file, href: 'http://x/' }, {}, 'x')).toEqual({ kind: 'file', path: file });
    expect(resolveFields({}, {}, 'x')).toBeNull();
  });

  it('refuses an unknown encoding', () => {
    expect(() => resolveFields({ content: 'x', encoding: 'rot13' }, {}, 'x')).toThrow(expect.objectContaining({ code: 'EMESSAGE' }));
  });
});

describe('suggestedName and contentTypeFor', () => {
  it('names files and URLs by their last segment', () => {
    expect(suggestedName({ kind: 'file', path: '/a/b/report.pdf' })).toBe('report.pdf');
    expect(suggestedName({ kind: 'url', url: 'https://x.test/dir/r%C3%A9sum%C3%A9.docx?x=1' })).toBe('résumé.docx');
    expect(suggestedName({ kind: 'buffer', data: Buffer.alloc(0) })).toBeUndefined();
  });

  it.each([
    ['a.PDF', 'application/pdf'], ['photo.jpeg', 'image/jpeg'], ['x.tar.gz', 'application/gzip'],
    ['invite.ics', 'text/calendar'], ['noext', 'application/octet-stream'], [undefined, 'application/octet-stream'], ['dot.', 'application/octet-stream'],
  ])('%s is %s', (name, type) => {
    expect(contentTypeFor(name)).toBe(type);
  });
});

describe('parseDataUrl', () => {
  it.each([
    ['data:,Hello%2C%20World', 'Hello, World', undefined],
    ['data:text/plain;charset=utf-8;base64,SMOpbGxv', 'Héllo', 'text/plain'],
    ['data:image/png;base64,AAEC', '\u0000\u0001\u0002', 'image/png'],
    ['data:;base64,aGk=', 'hi', undefined],
    ['data:,100%', '100%', undefined],
  ])('%s decodes', (url, text, type) => {
    const parsed = parseDataUrl(url);
    expect(parsed.data.toString('latin1')).toBe(Buffer.from(text, 'utf8').toString('latin1'));
    expect(parsed.contentType).toBe(type);
  });

  it('B28 rejects a comma-less data URL of 100,000 characters quickly', () => {
    const cpuMs = cpuStopwatch();
    expect(() => parseDataUrl(`data:${'a;'.repeat(5e4)}`)).toThrow(expect.objectContaining({ code: 'EMESSAGE' }));
    expect(cpuMs()).toBeLessThan(500);
  });
});

describe('openSource', () => {
  let http: HttpSource | undefined;
  afterEach(async () => {
    await http?.close();
    http = undefined;
  });

  it('reads files lazily and reports a missing file when read', async () => {
    expect(await readAll(await openSource({ kind: 'file', path: file }))).toEqual(Buffer.from('file content\n'));
    const missing = await openSource({ kind: 'file', path: join(dir, 'missing') });
    await expect(readAll(missing)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('fetches http and follows up to 5 redirects', async () => {
    http = await startHttpSource({
      '/data': body('payload'),
      '/r1': redirect('/r2'), '/r2': redirect('/r3', 301), '/r3': redirect('/r4', 307), '/r4': redirect('/r5', 308), '/r5': redirect('/data'),
    });
    expect((await readAll(await openSource({ kind: 'url', url: `${http.base}/r1` }))).toString()).toBe('payload');
    expect(http.requests).toEqual(['/r1', '/r2', '/r3', '/r4', '/r5', '/data']);
  });

  it('B26 gives EURLACCESS for a sixth redirect or a redirect to file:', async () => {
    const chain = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`/r${i}`, redirect(`/r${i + 1}`)]));
    http = await startHttpSource({ ...chain, '/file': redirect('file:///etc/passwd') });
    await expect(openSource({ kind: 'url', url: `${http.base}/r0` })).rejects.toMatchObject({ code: 'EURLACCESS' });
    expect(http.requests).toHaveLength(6);
    await expect(openSource({ kind: 'url', url: `${http.base}/file` })).rejects.toMatchObject({ code: 'EURLACCESS' });
  });

  it('B26 gives ESTREAM for an HTTP error or a refused connection', async () => {
    http = await startHttpSource({});
    await expect(openSource({ kind: 'url', url: `${http.base}/nothing` })).rejects.toMatchObject({ code: 'ESTREAM' });
    const port = new URL(http.base).port;
    await http.close();
    http = undefined;
    await expect(openSource({ kind: 'url', url: `http://127.0.0.1:${port}/x` })).rejects.toMatchObject({ code: 'ESTREAM' });
  });
});
