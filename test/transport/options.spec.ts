import { describe, it, expect } from '@jest/globals';
import { resolveOptions } from '../../lib/transport/options.js';
import { parseConnectionUrl } from '../../lib/transport/url.js';
import { SmtpError } from '../../lib/core/errors.js';

function configError(fn: () => unknown): SmtpError {
  try {
    fn();
  } catch (err) {
    return err as SmtpError;
  }
  throw new Error('expected ECONFIG');
}

describe('options', () => {
  it('fills the documented defaults and freezes the result', () => {
    const options = resolveOptions({});
    expect(options).toMatchObject({
      host: 'localhost',
      port: 587,
      secure: false,
      authMethod: 'PLAIN',
      connectionTimeout: 120000,
      greetingTimeout: 30000,
      socketTimeout: 600000,
      dnsTimeout: 30000,
      pool: false,
      maxConnections: 5,
      maxMessages: 100,
      rateDelta: 1000,
      maxTransactionsInFlight: 1,
    });
    expect(Object.isFrozen(options)).toBe(true);
    expect(resolveOptions({ secure: true }).port).toBe(465);
  });

  it('B31 refuses bad options synchronously with ECONFIG naming the option', () => {
    const cases: Array<[object, string]> = [
      [{ port: 70000 }, 'port'],
      [{ port: 'x' }, 'port'],
      [{ secure: 'yes' }, 'secure'],
      [{ tls: { rejectUnauthorized: 'no' } }, 'tls.rejectUnauthorized'],
      [{ connectionTimeout: -1 }, 'connectionTimeout'],
      [{ maxConnections: 0 }, 'maxConnections'],
      [{ auth: { user: 'u' } }, 'auth'],
      [{ auth: { type: 'weird', user: 'u', pass: 'p' } }, 'auth.type'],
      [{ requireTLS: true, ignoreTLS: true }, 'requireTLS'],
    ];
    for (const [input, option] of cases) {
      const err = configError(() => resolveOptions(input as never));
      expect(err).toBeInstanceOf(SmtpError);
      expect(err.code).toBe('ECONFIG');
      expect(err.message).toContain(option);
    }
  });

  it('B18 refuses CR/LF in name', () => {
    expect(configError(() => resolveOptions({ name: 'h\r\nMAIL FROM:<e@x>' })).code).toBe('ECONFIG');
  });

  it('B31 refuses malformed URLs and unknown protocols', () => {
    for (const url of ['smtp://[bad', 'ftp://x', 'not a url', 'smtp://host:70000']) {
      expect(configError(() => resolveOptions(url)).code).toBe('ECONFIG');
    }
  });

  it('never echoes the password of a bad URL', () => {
    const err = configError(() => resolveOptions('smtp://user:s3cret@host:99999'));
    expect(err.message).not.toContain('s3cret');
  });
});

describe('url', () => {
  it('parses smtp and smtps URLs with decoded credentials, typed query options and dotted names', () => {
    expect(parseConnectionUrl('smtp://us%40er:p%3Ass%2F@mail.example.com/?pool=true&maxConnections=3&tls.rejectUnauthorized=false&name=client.test')).toEqual({
      secure: false,
      host: 'mail.example.com',
      auth: { user: 'us@er', pass: 'p:ss/' },
      pool: true,
      maxConnections: 3,
      tls: { rejectUnauthorized: false },
      name: 'client.test',
    });
    const secure = resolveOptions('smtps://mx.example.com');
    expect(secure.secure).toBe(true);
    expect(secure.port).toBe(465);
    expect(resolveOptions('smtp://mx.example.com').port).toBe(587);
    expect(resolveOptions('smtp://[::1]:2525').host).toBe('::1');
  });

  it('refuses prototype keys in the query', () => {
    expect(configError(() => parseConnectionUrl('smtp://h/?__proto__.x=1')).code).toBe('ECONFIG');
  });
});
