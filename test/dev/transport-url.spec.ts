import { describe, expect, it } from '@jest/globals';
import { createMailTransport, FileTransport, LogTransport, MemoryTransport, parseTransportUrl } from '../../lib/dev.js';
import { SmtpTransport } from '../../lib/engine.js';

describe('transport URLs (createMailTransport, parseTransportUrl)', () => {
  it.each<[string, unknown]>([
    ['memory://', { type: 'memory' }],
    ['memory:', { type: 'memory' }],
    ['memory://?max=50', { type: 'memory', max: 50 }],
    ['log://', { type: 'log' }],
    ['file:///tmp/mail%20out/', { type: 'file', dir: '/tmp/mail out' }],
    ['file:///tmp/out?redirectTo=qa@example.com', { type: 'file', dir: '/tmp/out', redirectTo: 'qa@example.com' }],
    ['memory://?redirectTo=qa@example.com&allowRecipients=@example.com,ann@x.test', { type: 'memory', redirectTo: 'qa@example.com', allowRecipients: '@example.com,ann@x.test' }],
    ['smtps://mail.example.com', { secure: true, host: 'mail.example.com' }],
    ['smtp://u:p@mail.example.com:2525/?pool=true', { secure: false, host: 'mail.example.com', port: 2525, pool: true, auth: { user: 'u', pass: 'p' } }],
  ])('parses %s', (url, expected) => {
    expect(parseTransportUrl(url)).toEqual(expected);
  });

  it('picks the transport by scheme', () => {
    expect(createMailTransport('memory://')).toBeInstanceOf(MemoryTransport);
    expect(createMailTransport('log://')).toBeInstanceOf(LogTransport);
    expect(createMailTransport('file:///tmp')).toBeInstanceOf(FileTransport);
    expect(createMailTransport('smtp://127.0.0.1:2525')).toBeInstanceOf(SmtpTransport);
    expect(createMailTransport({ host: '127.0.0.1', port: 2525 })).toBeInstanceOf(SmtpTransport);
  });

  it.each([
    ['memory://?max=abc', 'max'],
    ['memory://?max=0', 'max'],
    ['memory://?max=2.5', 'max'],
    ['file://relative', 'absolute folder'],
    ['file://relative/out', 'absolute folder'],
    ['file:///', 'absolute folder'],
    ['ftp://example.com', 'unknown protocol "ftp:"'],
    ['mailto:ann@example.com', 'unknown protocol'],
    ['not a url', 'cannot be parsed'],
    ['memory://inbox', 'takes no host or path'],
    ['log:///var/log', 'takes no host or path'],
    ['memory://?host=mail.example.com', 'invalid option host'],
    ['log://?pool=true', 'invalid option pool'],
    ['memory://?redirectTo=not-an-address', 'redirectTo'],
    ['memory://?redirectTo=qa+staging@example.com', '%2B'],
    ['memory://?allowRecipients=@bad_domain', 'allowRecipients'],
    ['memory://?redirectTo=qa@example.com&allowRecipients=@example.org', 'not admitted by allowRecipients'],
    ['smtp://127.0.0.1/?redirectTo=', 'at least one address'],
    ['memory://?debug=yes', 'debug'],
  ])('refuses %s with ECONFIG (%s)', (url, says) => {
    expect(() => createMailTransport(url)).toThrow(expect.objectContaining({ code: 'ECONFIG', message: expect.stringContaining(says) }));
  });

  it.each<[string, unknown]>([
    ['an unknown type', { type: 'queue' }],
    ['a file transport without dir', { type: 'file' }],
    ['a non-object', 42],
    ['an SMTP option on memory', { type: 'memory', port: 25 }],
  ])('refuses options with %s (ECONFIG)', (_what, options) => {
    expect(() => createMailTransport(options as never)).toThrow(expect.objectContaining({ code: 'ECONFIG' }));
  });
});
