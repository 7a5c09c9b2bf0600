import { afterEach, describe, expect, it } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import { SmtpError } from '../../lib/core/errors.js';
import type { SmtpOptions } from '../../lib/transport/options.js';
import { startHttpProxy, startSocks4Proxy, startSocks5Proxy, type TestProxyOptions, type TestProxyServer } from '../helpers/proxy-servers.js';
import { FIXTURE_CERT, FIXTURE_KEY, startSmtpServer, type TestSmtpServer, type TestSmtpServerOptions } from '../helpers/smtp-server.js';
import { observe, observeSend, simpleMessage } from '../helpers/settle.js';
import { SLOW_TIMEOUTS } from '../helpers/timeouts.js';

const PROXY_PASSWORD = 'Pr0xy:s3cr3t/p@ss';
const PROXY_AUTH = { user: 'alice', pass: PROXY_PASSWORD };
const SMTP_USER = { user: 'bob', pass: 'smtp-pa55' };

type Scheme = 'http' | 'https' | 'socks4' | 'socks4a' | 'socks5';
const SCHEMES: Scheme[] = ['http', 'https', 'socks4', 'socks4a', 'socks5'];

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function smtp(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const server = await startSmtpServer(options);
  closers.push(() => server.close());
  return server;
}

async function proxyFor(scheme: Scheme, options: TestProxyOptions = {}): Promise<TestProxyServer> {
  const start = scheme === 'http' || scheme === 'https' ? startHttpProxy : scheme === 'socks5' ? startSocks5Proxy : startSocks4Proxy;
  const proxy = await start(scheme === 'https' ? { ...options, tls: { key: FIXTURE_KEY, cert: FIXTURE_CERT } } : options);
  closers.push(() => proxy.close());
  return proxy;
}

/** The proxy URL; the https proxy is reached by name since its certificate names localhost. */
function proxyUrl(scheme: Scheme, port: number, withAuth = false): string {
  const host = scheme === 'https' ? 'localhost' : '127.0.0.1';
  if (!withAuth) return `${scheme}://${host}:${port}`;
  const credentials = scheme === 'socks4' || scheme === 'socks4a' ? PROXY_AUTH.user : `${PROXY_AUTH.user}:${encodeURIComponent(PROXY_PASSWORD)}`;
  return `${scheme}://${credentials}@${host}:${port}`;
}

/** Transport options for the SMTP server on `localhost` through `proxy`, trusting the fixture CA (for the proxy and the server). */
function viaProxy(server: TestSmtpServer, proxy: string, extra: SmtpOptions = {}): SmtpOptions {
  return { host: 'localhost', port: server.port, proxy, tls: { ca: FIXTURE_CERT }, ...SLOW_TIMEOUTS, ...extra };
}

/** What the proxy was asked for, as the SMTP host it should name: socks4 carries the client-resolved IPv4 address. */
function expectedTarget(scheme: Scheme, port: number): { host: string; port: number } {
  return { host: scheme === 'socks4' ? '127.0.0.1' : 'localhost', port };
}

function expectNoPassword(err: SmtpError | undefined): void {
  expect(err).toBeInstanceOf(SmtpError);
  const texts = [err?.message ?? '', err?.response ?? '', err?.command ?? '', String(err?.stack ?? ''), JSON.stringify(err)];
  const basic = Buffer.from(`${PROXY_AUTH.user}:${PROXY_PASSWORD}`).toString('base64');
  for (const text of texts) {
    expect(text).not.toContain(PROXY_PASSWORD);
    expect(text).not.toContain(encodeURIComponent(PROXY_PASSWORD));
    expect(text).not.toContain(basic);
  }
}

describe('transport through a proxy', () => {
  it.each(SCHEMES)('sends and verifies through a %s proxy without credentials', async (scheme) => {
    const server = await smtp();
    const proxy = await proxyFor(scheme);
    const transport = createTransport(viaProxy(server, proxyUrl(scheme, proxy.port)));
    await expect(transport.verify()).resolves.toBe(true);
    const info = await transport.sendMail(simpleMessage({ subject: `via ${scheme}` }));
    expect(info.accepted).toEqual(['rcpt@example.test']);
    expect((await server.parse(0)).subject).toBe(`via ${scheme}`);
    expect(proxy.requests).toHaveLength(2);
    expect(proxy.requests[1]).toMatchObject(expectedTarget(scheme, server.port));
    expect(server.connectionCount()).toBe(2);
  });

  it.each(SCHEMES)('sends through a %s proxy that demands credentials', async (scheme) => {
    const server = await smtp();
    const proxy = await proxyFor(scheme, { auth: PROXY_AUTH });
    const transport = createTransport(viaProxy(server, proxyUrl(scheme, proxy.port, true)));
    await transport.sendMail(simpleMessage());
    expect(server.messages).toHaveLength(1);
    const expected = scheme === 'socks4' || scheme === 'socks4a' ? { user: PROXY_AUTH.user } : PROXY_AUTH;
    expect(proxy.requests[0]).toMatchObject(expected);
  });

  it('takes the proxy from a connection URL', async () => {
    const server = await smtp();
    const proxy = await proxyFor('socks5');
    const url = `smtp://localhost:${server.port}?proxy=${encodeURIComponent(`socks5://127.0.0.1:${proxy.port}`)}&connectionTimeout=2000`;
    const transport = createTransport(url);
    expect(transport.options.proxy).toBe(`socks5://127.0.0.1:${proxy.port}`);
    await transport.sendMail(simpleMessage());
    expect(proxy.requests).toEqual([expect.objectContaining({ host: 'localhost', port: server.port, addressType: 'domain' })]);
  });

  it('hands the greeting over when the proxy sends it in the same packet as its reply', async () => {
    const server = await smtp();
    const proxy = await proxyFor('http', { coalesce: true });
    await createTransport(viaProxy(server, proxyUrl('http', proxy.port))).sendMail(simpleMessage());
    expect(server.messages).toHaveLength(1);
  });

  it('delivers several messages over pooled connections through the proxy', async () => {
    const server = await smtp();
    const proxy = await proxyFor('socks5');
    const transport = createTransport(viaProxy(server, proxyUrl('socks5', proxy.port), { pool: true, maxConnections: 2 }));
    await Promise.all([1, 2, 3, 4].map((n) => transport.sendMail(simpleMessage({ subject: `pooled ${n}` }))));
    await transport.close();
    expect(server.messages).toHaveLength(4);
    expect(proxy.requests.length).toBeLessThanOrEqual(2);
    expect(proxy.requests.length).toBe(server.connectionCount());
  });
});

describe('TLS inside the tunnel', () => {
  it.each(['http', 'https', 'socks4a', 'socks5'] as const)('upgrades with STARTTLS through a %s proxy, verifying the SMTP host', async (scheme) => {
    const server = await smtp({ mode: 'starttls' });
    const proxy = await proxyFor(scheme);
    const transport = createTransport(viaProxy(server, proxyUrl(scheme, proxy.port), { requireTLS: true }));
    await expect(transport.verify()).resolves.toBe(true);
    await transport.sendMail(simpleMessage());
    expect(server.messages[0].secure).toBe(true);
    // Only the dialogue before STARTTLS crossed in plaintext.
    expect(server.wireText()).not.toContain('MAIL FROM');
  });

  it.each(['http', 'https', 'socks4', 'socks5'] as const)('runs implicit TLS through a %s proxy', async (scheme) => {
    const server = await smtp({ mode: 'tls' });
    const proxy = await proxyFor(scheme);
    const transport = createTransport(viaProxy(server, proxyUrl(scheme, proxy.port), { secure: true }));
    await expect(transport.verify()).resolves.toBe(true);
    await transport.sendMail(simpleMessage());
    expect(server.messages[0].secure).toBe(true);
  });

  it('checks the SMTP certificate against tls.servername, not the proxy: a wrong name is ETLS', async () => {
    const server = await smtp({ mode: 'tls' });
    const proxy = await proxyFor('https');
    const options = viaProxy(server, proxyUrl('https', proxy.port), { secure: true, tls: { ca: FIXTURE_CERT, servername: 'mail.other.test' } });
    const outcome = await observeSend(createTransport(options), simpleMessage());
    expect(outcome.error?.code).toBe('ETLS');
    expect(outcome.error?.message).toMatch(/mail\.other\.test|altnames/i);
    expect(proxy.requests).toHaveLength(1);
    expect(server.messages).toEqual([]);
  });

  it('refuses an untrusted SMTP certificate behind the proxy (STARTTLS, no CA): ETLS, nothing sent', async () => {
    const server = await smtp({ mode: 'starttls' });
    const proxy = await proxyFor('socks5');
    const outcome = await observeSend(createTransport({ ...viaProxy(server, proxyUrl('socks5', proxy.port)), tls: undefined }), simpleMessage());
    expect(outcome.error?.code).toBe('ETLS');
    expect(outcome.error?.phase).toBe('starttls');
    expect(server.messages).toEqual([]);
  });
});

describe('plaintext AUTH through a proxy', () => {
  it('is refused (EAUTH) even to a loopback server, since the peer is the proxy', async () => {
    const server = await smtp({ auth: { ...SMTP_USER } });
    const proxy = await proxyFor('socks5');
    const transport = createTransport(viaProxy(server, proxyUrl('socks5', proxy.port), { auth: SMTP_USER }));
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error?.code).toBe('EAUTH');
    expect(outcome.error?.message).toContain('allowInsecureAuth');
    expect(outcome.error?.phase).toBe('auth');
    expect(server.authAttempts).toEqual([]);
    expect(server.wireText()).not.toContain('AUTH');
    await expect(transport.verify()).rejects.toMatchObject({ code: 'EAUTH' });
  });

  it('proceeds with allowInsecureAuth: true', async () => {
    const server = await smtp({ auth: { ...SMTP_USER } });
    const proxy = await proxyFor('http');
    const transport = createTransport(viaProxy(server, proxyUrl('http', proxy.port), { auth: SMTP_USER, allowInsecureAuth: true }));
    await expect(transport.verify()).resolves.toBe(true);
    await transport.sendMail(simpleMessage());
    expect(server.authAttempts.map((a) => a.accepted)).toEqual([true, true]);
  });

  it('proceeds over STARTTLS inside the tunnel', async () => {
    const server = await smtp({ mode: 'starttls', auth: { ...SMTP_USER } });
    const proxy = await proxyFor('socks5');
    await createTransport(viaProxy(server, proxyUrl('socks5', proxy.port), { auth: SMTP_USER })).sendMail(simpleMessage());
    expect(server.authAttempts).toEqual([expect.objectContaining({ accepted: true, secure: true })]);
  });
});

describe('proxy failures', () => {
  const REFUSALS: Array<[Scheme, RegExp]> = [
    ['http', /403 Forbidden/],
    ['https', /403 Forbidden/],
    ['socks4', /refused|rejected|failed|0x5b|91/i],
    ['socks4a', /refused|rejected|failed|0x5b|91/i],
    ['socks5', /refused|not allowed|0x02|ruleset/i],
  ];

  it.each(REFUSALS)('a %s proxy that refuses is EPROXY quoting its answer; nothing reaches the server', async (scheme, answer) => {
    const server = await smtp();
    const proxy = await proxyFor(scheme, { mode: 'refuse' });
    const transport = createTransport(viaProxy(server, proxyUrl(scheme, proxy.port)));
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error?.code).toBe('EPROXY');
    expect(outcome.error?.message).toMatch(answer);
    expect(outcome.error?.phase).toBe('connect');
    expect(outcome.error?.delivery).toBe('not-sent');
    expect(outcome.callbackCalls).toBe(1);
    expect(server.connectionCount()).toBe(0);
    await expect(transport.verify()).rejects.toMatchObject({ code: 'EPROXY' });
  });

  it.each(SCHEMES)('a %s proxy that answers garbage is EPROXY', async (scheme) => {
    const server = await smtp();
    const proxy = await proxyFor(scheme, { mode: 'garbage' });
    const outcome = await observeSend(createTransport(viaProxy(server, proxyUrl(scheme, proxy.port))), simpleMessage());
    expect(outcome.error?.code).toBe('EPROXY');
    expect(outcome.error?.phase).toBe('connect');
    expect(server.connectionCount()).toBe(0);
  });

  it.each(SCHEMES)('a %s proxy that stalls is ETIMEDOUT within connectionTimeout', async (scheme) => {
    const server = await smtp();
    const proxy = await proxyFor(scheme, { mode: 'stall' });
    const transport = createTransport(viaProxy(server, proxyUrl(scheme, proxy.port), { connectionTimeout: 250 }));
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error?.code).toBe('ETIMEDOUT');
    expect(outcome.error?.phase).toBe('connect');
    expect(outcome.ms).toBeGreaterThanOrEqual(200);
    expect(outcome.ms).toBeLessThan(1000);
    expect(outcome.callbackCalls).toBe(1);
    const verified = await observe(transport.verify());
    expect(verified.error?.code).toBe('ETIMEDOUT');
    expect(verified.ms).toBeLessThan(1000);
  });

  it.each(['http', 'https', 'socks5'] as const)('a %s proxy rejecting the credentials is EPROXY without the password', async (scheme) => {
    const server = await smtp();
    const proxy = await proxyFor(scheme, { auth: { user: PROXY_AUTH.user, pass: 'another-one' }, echoCredentialsInRefusal: true });
    const outcome = await observeSend(createTransport(viaProxy(server, proxyUrl(scheme, proxy.port, true))), simpleMessage());
    expect(outcome.error?.code).toBe('EPROXY');
    if (scheme !== 'socks5') expect(outcome.error?.message).toContain('407');
    expectNoPassword(outcome.error);
    expect(server.connectionCount()).toBe(0);
  });

  it('a refusal that echoes the credentials back never shows the password', async () => {
    const server = await smtp();
    const proxy = await proxyFor('http', { mode: 'refuse', echoCredentialsInRefusal: true });
    const outcome = await observeSend(createTransport(viaProxy(server, proxyUrl('http', proxy.port, true))), simpleMessage());
    expect(outcome.error?.code).toBe('EPROXY');
    expect(outcome.error?.message).toContain('403 Forbidden');
    expectNoPassword(outcome.error);
  });

  it('a proxy that is not listening is ECONNECTION', async () => {
    const server = await smtp();
    const proxy = await proxyFor('socks5');
    const port = proxy.port;
    await proxy.close();
    const outcome = await observeSend(createTransport(viaProxy(server, proxyUrl('socks5', port))), simpleMessage());
    expect(outcome.error?.code).toBe('ECONNECTION');
    expect(outcome.error?.phase).toBe('connect');
  });

  it.each([
    ['ftp://proxy.test:21', /unsupported proxy protocol/],
    [`socks4://alice:${encodeURIComponent(PROXY_PASSWORD)}@proxy.test`, /no password/],
    ['not a url', /not a valid URL/],
  ])('a bad proxy URL (%s) is ECONFIG at createTransport, never quoting a password', (proxy, why) => {
    let thrown: unknown;
    try {
      createTransport({ host: 'localhost', proxy });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(SmtpError);
    expect((thrown as SmtpError).code).toBe('ECONFIG');
    expect((thrown as SmtpError).message).toMatch(why);
    expectNoPassword(thrown as SmtpError);
  });
});
