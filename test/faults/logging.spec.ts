import { describe, it, expect, afterEach } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import { SmtpError } from '../../lib/core/errors.js';
import type { SmtpAuth } from '../../lib/transport/options.js';
import type { SmtpLogger } from '../../lib/smtp/logger.js';
import { startSmtpServer, type TestSmtpServer, type TestServerAuth } from '../helpers/smtp-server.js';
import { observeSend, simpleMessage } from '../helpers/settle.js';
import { SLOW_TIMEOUTS } from '../helpers/timeouts.js';

const USER = 'alice.secretuser';
const PASS = 'wonder-land-Pa55';
const TOKEN = 'ya29.secret-token-value-0123456789';
const BODY = 'BODY-SECRET-7f3a9c line of content';
const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

/** Everything that must never appear in a log line or an error's text. */
function secretsFor(pass: string, token: string): string[] {
  return [
    pass,
    token,
    b64(`\u0000${USER}\u0000${pass}`),
    b64(USER),
    b64(pass),
    b64(`user=${USER}\u0001auth=Bearer ${token}\u0001\u0001`),
    BODY,
    b64(BODY).slice(0, 16),
  ];
}

/** A bunyan/pino-shaped spy that keeps every argument of every call, stringified. */
function spyLogger(lines: string[]): SmtpLogger {
  const keep = (level: string) => (...args: unknown[]) => {
    lines.push(`${level} ${args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')}`);
  };
  return { info: keep('info'), debug: keep('debug'), warn: keep('warn'), error: keep('error') };
}

function expectNoSecrets(texts: string[], secrets: string[]): void {
  for (const secret of secrets) {
    const leaks = texts.filter((text) => text.includes(secret));
    expect({ secret, leaks }).toEqual({ secret, leaks: [] });
  }
}

function errorTexts(err: SmtpError | undefined): string[] {
  if (!err) return [];
  return [err.message, err.command ?? '', err.response ?? '', String(err.stack ?? ''), JSON.stringify(err)];
}

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Case {
  name: string;
  serverAuth: TestServerAuth;
  clientAuth: (good: boolean) => SmtpAuth;
  authMethod?: string;
}

const CASES: Case[] = [
  { name: 'PLAIN', serverAuth: { user: USER, pass: PASS, methods: ['PLAIN'] }, clientAuth: (good) => ({ user: USER, pass: good ? PASS : `${PASS}-wrong` }) },
  {
    name: 'LOGIN',
    serverAuth: { user: USER, pass: PASS, methods: ['LOGIN'] },
    clientAuth: (good) => ({ user: USER, pass: good ? PASS : `${PASS}-wrong` }),
    authMethod: 'LOGIN',
  },
  {
    name: 'XOAUTH2',
    serverAuth: { user: USER, accessToken: TOKEN, methods: ['XOAUTH2'] },
    clientAuth: (good) => ({ type: 'oauth2', user: USER, accessToken: good ? TOKEN : `${TOKEN}-wrong` }),
  },
];

describe('faults: secrets in logs (F33)', () => {
  it.each(CASES)('F33 AUTH $name with debug: no password, token, AUTH payload or body in logs or errors', async (c) => {
    server = await startSmtpServer({ auth: c.serverAuth });
    const lines: string[] = [];
    const options = { host: server.host, port: server.port, debug: true, logger: spyLogger(lines), authMethod: c.authMethod, ...SLOW_TIMEOUTS };
    const message = simpleMessage({ text: BODY, html: `<p>${BODY}</p>` });

    const info = await createTransport({ ...options, auth: c.clientAuth(true) }).sendMail(message);
    expect(info.accepted).toEqual(['rcpt@example.test']);
    expect(server.authAttempts.map((a) => [a.method, a.accepted])).toEqual([[c.name, true]]);
    expect((await server.parse(0)).text?.trim()).toBe(BODY);

    const failed = await observeSend(createTransport({ ...options, auth: c.clientAuth(false) }), message);
    expect(failed.error?.code).toBe('EAUTH');

    // The dialogue really was logged, so the absence of secrets means something.
    expect(lines.some((line) => /MAIL FROM/.test(line))).toBe(true);
    expect(lines.some((line) => /AUTH/.test(line))).toBe(true);
    const wrongPass = `${PASS}-wrong`;
    const wrongToken = `${TOKEN}-wrong`;
    expectNoSecrets([...lines, ...errorTexts(failed.error)], [...secretsFor(PASS, TOKEN), ...secretsFor(wrongPass, wrongToken)]);
  });
});
