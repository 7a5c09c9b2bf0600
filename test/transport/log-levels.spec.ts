import { describe, it, expect, afterEach } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import type { SmtpLogger } from '../../lib/smtp/logger.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';

type Level = 'log' | 'info' | 'debug' | 'warn' | 'error';

/** A logger that records each line with the level it was written at. */
function spyLogger(levels: Level[]): { logger: SmtpLogger; lines: Array<[Level, string]> } {
  const lines: Array<[Level, string]> = [];
  const logger: SmtpLogger = {};
  for (const level of levels) logger[level] = (message: string) => void lines.push([level, message]);
  return { logger, lines };
}

const message = { from: 'a@example.test', to: 'b@example.test', subject: 'quiet', text: 'hello' };
const credentials = { user: 'app', pass: 'app-password' };

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('log levels', () => {
  it.each([false, true])('a normal send with AUTH logs nothing above debug (debug option %s)', async (debug) => {
    server = await startSmtpServer({ auth: credentials });
    const { logger, lines } = spyLogger(['info', 'debug', 'warn', 'error']);
    const transport = createTransport({ host: server.host, port: server.port, auth: credentials, logger, debug });
    await transport.sendMail(message);
    await transport.verify();
    await transport.close();
    expect(lines.filter(([level]) => level !== 'debug')).toEqual([]);
    // The routine lines are there, at debug: connection, AUTH and the accepted message.
    const debugLines = lines.map(([, line]) => line);
    expect(debugLines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^connected to 127\.0\.0\.1:\d+$/),
      'authenticated as app',
      expect.stringMatching(/^message <.+> accepted: 250 /),
    ]));
    expect(debugLines.some((line) => line.startsWith('C: EHLO'))).toBe(debug);
  });

  it('a Nest-style logger (log/debug/warn/error) gets routine lines at debug, never at log', async () => {
    server = await startSmtpServer();
    const { logger, lines } = spyLogger(['log', 'debug', 'warn', 'error']);
    await createTransport({ host: server.host, port: server.port, logger }).sendMail(message);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter(([level]) => level !== 'debug')).toEqual([]);
  });

  it('a logger without debug receives no routine lines at a louder level', async () => {
    server = await startSmtpServer();
    const { logger, lines } = spyLogger(['info', 'warn', 'error']);
    await createTransport({ host: server.host, port: server.port, logger, debug: true }).sendMail(message);
    expect(lines).toEqual([]);
  });
});
