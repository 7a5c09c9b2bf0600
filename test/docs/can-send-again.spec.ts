/** The README's Errors example (docs/examples/errors/can-send-again.ts), on real failures and on each rule of it. */
import { describe, it, expect, afterEach } from '@jest/globals';
import { canSendAgain } from '../../docs/examples/errors/can-send-again.js';
import { createTransport, SmtpError } from '../../lib/engine.js';
import { closedPort } from '../helpers/free-port.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import type { TestSmtpServer } from '../helpers/smtp-server.js';
import { SLOW_TIMEOUTS } from '../helpers/timeouts.js';

describe('canSendAgain (README Errors example)', () => {
  let server: TestSmtpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** The error a real send fails with. */
  async function failureOf(port: number, to = 'ann@example.com'): Promise<unknown> {
    const transport = createTransport({ host: '127.0.0.1', port, logger: false, ...SLOW_TIMEOUTS });
    try {
      await transport.sendMail({ from: 'app@example.com', to, subject: 'Hi', text: 'Hello' });
      return undefined;
    } catch (err) {
      return err;
    } finally {
      await transport.close();
    }
  }

  it('says yes for a refused connection (ECONNECTION, not sent)', async () => {
    const err = await failureOf(await closedPort());
    expect(err).toMatchObject({ code: 'ECONNECTION', delivery: 'not-sent' });
    expect(canSendAgain(err)).toBe(true);
  });

  it('says no for a recipient refused with 550, and yes for one refused with 450', async () => {
    server = await startSmtpServer({ rejectRecipients: (address) => (address.startsWith('gone') ? 550 : address.startsWith('full') ? 450 : false) });
    const permanent = await failureOf(server.port, 'gone@example.com');
    expect(permanent).toMatchObject({ code: 'EENVELOPE', delivery: 'not-sent' });
    expect(canSendAgain(permanent)).toBe(false);
    const transient = await failureOf(server.port, 'full@example.com');
    expect(transient).toMatchObject({ code: 'EENVELOPE', responseCode: 450 });
    expect(canSendAgain(transient)).toBe(true);
  });

  it.each([
    ['an uncertain timeout', false, new SmtpError('ETIMEDOUT', 'no reply to the final dot', { phase: 'end', delivery: 'uncertain' })],
    ['a timeout before the final dot', true, new SmtpError('ETIMEDOUT', 'no greeting', { phase: 'greeting' })],
    ['a lost socket before the final dot', true, new SmtpError('ESOCKET', 'closed', { phase: 'data' })],
    ['a DNS failure', true, new SmtpError('EDNS', 'no such host', { phase: 'dns' })],
    ['a refused password', false, new SmtpError('EAUTH', '535 bad credentials', { responseCode: 535, phase: 'auth' })],
    ['a configuration error', false, new SmtpError('ECONFIG', 'invalid option port')],
    ['a content refusal with 554', false, new SmtpError('EMESSAGE', '554 spam', { responseCode: 554, phase: 'end' })],
    ['an error that is not an SmtpError', false, new Error('bug')],
  ])('for %s: %s', (_label, expected, err) => {
    expect(canSendAgain(err)).toBe(expected);
  });
});
