import { describe, it, expect, afterEach } from '@jest/globals';
import { createTransport, type SmtpTransport } from '../../lib/transport/transport.js';
import { resolveOptions, type SmtpOptions } from '../../lib/transport/options.js';
import { UNSUPPORTED_OPTIONS, suggestOption } from '../../lib/transport/option-names.js';
import { KNOWN_OPTIONS } from '../../lib/transport/options.js';
import { SmtpError } from '../../lib/core/errors.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';

function configError(fn: () => unknown): SmtpError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SmtpError) return err;
    throw err;
  }
  throw new Error('expected ECONFIG');
}

/** Every value nodemailer documents for an SMTP option we share, as a nodemailer user writes it. */
const NODEMAILER_VALUES: Array<[string, SmtpOptions]> = [
  ['maxMessages: Infinity', { pool: true, maxMessages: Infinity }],
  ['maxConnections: Infinity', { pool: true, maxConnections: Infinity }],
  ['rateLimit: false', { pool: true, rateLimit: false }],
  ['rateLimit: 0', { rateLimit: 0 }],
  ['rateLimit and rateDelta', { pool: true, rateLimit: 5, rateDelta: 2000 }],
  ['secure: true on 465', { secure: true, port: 465 }],
  ['secure: false on 587', { secure: false, port: 587 }],
  ['port as a string', { port: '2525' }],
  ['ignoreTLS', { ignoreTLS: true }],
  ['requireTLS', { requireTLS: true }],
  ['tls with rejectUnauthorized and servername', { tls: { rejectUnauthorized: false, servername: 'smtp.example.com', minVersion: 'TLSv1.2' } }],
  ['name and localAddress', { name: 'client.example.com', localAddress: '127.0.0.1' }],
  ['the timeouts', { connectionTimeout: 2 * 60 * 1000, greetingTimeout: 30 * 1000, socketTimeout: 10 * 60 * 1000, dnsTimeout: 30 * 1000 }],
  ['logger true and debug', { logger: true, debug: true }],
  ['logger false', { logger: false }],
  ['a bunyan-style logger', { logger: { info: () => undefined, debug: () => undefined, warn: () => undefined, error: () => undefined } }],
  ['auth user and pass with authMethod', { auth: { user: 'me', pass: 'secret' }, authMethod: 'LOGIN' }],
  ["auth type 'LOGIN' as nodemailer spells it", { auth: { type: 'LOGIN', user: 'me', pass: 'secret' } as never }],
  ["auth type 'OAuth2' with an access token", { auth: { type: 'OAuth2', user: 'me@example.com', accessToken: 'ya29.token' } as never }],
  ['disableFileAccess and disableUrlAccess', { disableFileAccess: true, disableUrlAccess: true }],
  ['pool: false', { pool: false }],
  ['a proxy URL', { proxy: 'socks5://127.0.0.1:1080' }],
];

describe('nodemailer options', () => {
  let server: TestSmtpServer | undefined;
  let transport: SmtpTransport | undefined;

  afterEach(async () => {
    await transport?.close();
    await server?.close();
    transport = undefined;
    server = undefined;
  });

  it.each(NODEMAILER_VALUES)('accepts %s', (_title, options) => {
    expect(() => createTransport(options)).not.toThrow();
  });

  it('resolves the documented values to what they mean', () => {
    expect(resolveOptions({ pool: true, maxMessages: Infinity, maxConnections: Infinity })).toMatchObject({ maxMessages: Infinity, maxConnections: Infinity });
    for (const rateLimit of [false, 0, Infinity] as const) expect(resolveOptions({ rateLimit }).rateLimit).toBeUndefined();
    expect(resolveOptions({ rateLimit: 5 }).rateLimit).toBe(5);
    expect(resolveOptions({ port: '2525' }).port).toBe(2525);
    // As nodemailer: port 465 alone means implicit TLS, and an explicit secure wins.
    expect(resolveOptions({ port: 465 })).toMatchObject({ port: 465, secure: true });
    expect(resolveOptions({ port: 465, secure: false })).toMatchObject({ port: 465, secure: false });
    expect(resolveOptions({ port: 587 })).toMatchObject({ port: 587, secure: false });
    expect(resolveOptions({ auth: { type: 'OAuth2', user: 'u', accessToken: 't' } as never }).auth).toMatchObject({ type: 'oauth2' });
    expect(resolveOptions({ auth: { type: 'OAuth2', user: 'u', accessToken: 't' } as never }).authMethod).toBe('XOAUTH2');
    expect(resolveOptions({ auth: { type: 'LOGIN', user: 'u', pass: 'p' } as never }).auth).toMatchObject({ type: 'login' });
  });

  it('sends with a nodemailer-style pooled configuration (maxMessages: Infinity, rateLimit: false)', async () => {
    server = await startSmtpServer();
    transport = createTransport({ host: server.host, port: String(server.port), pool: true, maxConnections: 2, maxMessages: Infinity, rateLimit: false, logger: false });
    const infos = await Promise.all(Array.from({ length: 6 }, (_, i) => transport!.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: `m${i}`, text: 'x' })));
    expect(infos.every((info) => info.accepted[0] === 'b@example.com')).toBe(true);
    expect(server.messages).toHaveLength(6);
    expect(server.connectionCount()).toBeLessThanOrEqual(2);
  });

  it('refuses a misspelt option with ECONFIG naming it and the option meant', () => {
    const err = configError(() => createTransport({ host: 'h', maxConnection: 3 } as SmtpOptions));
    expect(err.code).toBe('ECONFIG');
    expect(err.message).toBe("unknown option 'maxConnection'; did you mean 'maxConnections'?");
    const cases: Array<[string, string]> = [
      ['ignoreTls', 'ignoreTLS'],
      ['hots', 'host'],
      ['rateLimt', 'rateLimit'],
      ['sockettimeout', 'socketTimeout'],
      ['requireTSL', 'requireTLS'],
      ['autht', 'auth'],
    ];
    for (const [typo, meant] of cases) {
      expect(configError(() => resolveOptions({ [typo]: 1 } as SmtpOptions)).message).toBe(`unknown option '${typo}'; did you mean '${meant}'?`);
    }
  });

  it('refuses an unknown option that is not near any, without a guess', () => {
    const err = configError(() => resolveOptions({ frobnicate: true } as SmtpOptions));
    expect(err.code).toBe('ECONFIG');
    expect(err.message).toBe("unknown option 'frobnicate'");
    expect(suggestOption('completelyDifferent', KNOWN_OPTIONS)).toBeUndefined();
  });

  it('refuses unknown options in a connection URL query the same way', () => {
    const err = configError(() => createTransport('smtp://mail.example.com/?maxConection=3'));
    expect(err.code).toBe('ECONFIG');
    expect(err.message).toBe("unknown option 'maxConection'; did you mean 'maxConnections'?");
    expect(configError(() => createTransport('smtp://mail.example.com/?service=gmail')).message).toMatch(/^unsupported option 'service'/);
    expect(resolveOptions('smtp://mail.example.com/?pool=true&maxMessages=50&rateLimit=0')).toMatchObject({ pool: true, maxMessages: 50, rateLimit: undefined });
  });

  it('says what to use instead of each nodemailer option nestjs-smtp does not have', () => {
    const expected: Record<string, RegExp> = {
      service: /set host, port and secure of the provider/,
      url: /pass the connection URL itself/,
      sendmail: /speaks SMTP only/,
      streamTransport: /composeMessage\(\)/,
      jsonTransport: /composeMessage\(\)/,
      SES: /SMTP interface/,
      newline: /CRLF/,
      opportunisticTLS: /ignoreTLS/,
      getSocket: /proxy/,
      servername: /tls\.servername/,
      idleTimeout: /socketTimeout/,
      maxRequeues: /retried once/,
      transport: /MailerModule option/,
    };
    for (const [name, advice] of Object.entries(expected)) {
      const err = configError(() => resolveOptions({ host: 'h', [name]: name === 'url' ? 'smtp://h' : true } as SmtpOptions));
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toMatch(new RegExp(`^unsupported option '${name}' \\(a nodemailer option nestjs-smtp does not have\\): `));
      expect(err.message).toMatch(advice);
    }
    // Each entry has advice, and none collides with an option we do have.
    for (const [name, advice] of Object.entries(UNSUPPORTED_OPTIONS)) {
      expect(KNOWN_OPTIONS).not.toContain(name);
      expect(advice.length).toBeGreaterThan(10);
    }
  });

  it('accepts an unsupported nodemailer option whose value asks for nothing, and drops it', () => {
    const options = resolveOptions({ secureConnection: false, opportunisticTLS: false, service: undefined, lmtp: false } as SmtpOptions);
    expect(options).not.toHaveProperty('secureConnection');
    expect(options).not.toHaveProperty('opportunisticTLS');
    expect(options).not.toHaveProperty('service');
    expect(configError(() => resolveOptions({ lmtp: true } as SmtpOptions)).message).toMatch(/LMTP is not supported/);
  });

  it('points a message field set on the transport to the defaults', () => {
    const err = configError(() => resolveOptions({ host: 'h', from: 'me@example.com' } as SmtpOptions));
    expect(err.message).toBe("unknown option 'from': it is a message field; put it in the message, or in the defaults (createTransport's second argument, MailerModule's defaults)");
  });

  it('refuses pool as an object, pointing to the pool options', () => {
    const err = configError(() => resolveOptions({ pool: { maxConnections: 3 } } as unknown as SmtpOptions));
    expect(err.message).toBe('invalid option pool: expected true or false; the pool settings are the options maxConnections, maxMessages, rateLimit and rateDelta');
  });

  it('still refuses values nodemailer does not document', () => {
    const cases: Array<[object, string]> = [
      [{ maxConnections: 0 }, 'maxConnections'],
      [{ maxMessages: -1 }, 'maxMessages'],
      [{ maxMessages: 1.5 }, 'maxMessages'],
      [{ rateLimit: -1 }, 'rateLimit'],
      [{ rateLimit: true }, 'rateLimit'],
      [{ port: '25x' }, 'port'],
      [{ port: '70000' }, 'port'],
      [{ connectionTimeout: Infinity }, 'connectionTimeout'],
      [{ secure: 'true' }, 'secure'],
      [{ maxTransactionsInFlight: Infinity }, 'maxTransactionsInFlight'],
      [{ auth: { type: 'OAuth2', user: 'u', clientId: 'id', clientSecret: 's', refreshToken: 'r' } }, 'getAccessToken'],
    ];
    for (const [input, mentioned] of cases) {
      const err = configError(() => resolveOptions(input as SmtpOptions));
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toContain(mentioned);
    }
  });
});
