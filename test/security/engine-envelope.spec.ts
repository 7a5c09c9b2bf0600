import { describe, it, expect } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import { SmtpError } from '../../lib/core/errors.js';
import type { SmtpOptions } from '../../lib/transport/options.js';
import type { MailMessage } from '../../lib/mime/message.interface.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { observeSend } from '../helpers/settle.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';


const start = closedAfterEach(startSmtpServer);

/** Sends and expects EENVELOPE, settled once, with no MAIL command seen by the server. */
async function expectRefusedEnvelope(srv: TestSmtpServer, message: MailMessage): Promise<SmtpError> {
  const transport = createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS });
  const outcome = await observeSend(transport, message);
  expect(outcome.value).toBeUndefined();
  expect(outcome.error?.code).toBe('EENVELOPE');
  expect(outcome.error?.delivery).toBe('not-sent');
  expect(outcome.callbackCalls).toBe(1);
  expect(outcome.callbackAgrees).toBe(true);
  expect(outcome.ms).toBeLessThan(500);
  expect(srv.commands.filter((c) => c.command === 'MAIL' || c.command === 'RCPT')).toEqual([]);
  expect(srv.messages).toEqual([]);
  return outcome.error as SmtpError;
}

describe('engine: envelope and configuration input', () => {
  it('B1 CRLF + RCPT in envelope.to is EENVELOPE before any TCP connection', async () => {
    const srv = await start();
    await expectRefusedEnvelope(srv, {
      from: 'a@x.test',
      subject: 's',
      text: 't',
      envelope: { from: 'a@x.test', to: ['b@x.test>\r\nRCPT TO:<evil@z.test'] },
    });
    expect(srv.connectionCount()).toBe(0);
  });

  it('B2 CRLF + RSET in envelope.from is EENVELOPE, nothing sent', async () => {
    const srv = await start();
    await expectRefusedEnvelope(srv, { subject: 's', text: 't', envelope: { from: 'a@x.test\r\nRSET', to: ['b@x.test'] } });
    expect(srv.wireText()).toBe('');
  });

  it('B3 CRLF + Bcc in an address object is EENVELOPE, nothing sent', async () => {
    const srv = await start();
    await expectRefusedEnvelope(srv, { from: 'a@x.test', to: { name: 'x', address: 'b@x.test\r\nBcc: e@evil.test' }, subject: 's', text: 't' });
    expect(srv.wireText()).not.toContain('evil.test');
  });

  it.each([
    ['NUL', 'b\u0000c@x.test'],
    ['VT', 'b\u000bc@x.test'],
    ['DEL', 'b@exa\u007fmple.com'],
    ['U+2028', 'b@exa\u2028mple.com'],
    ['lone CR', 'b\rc@x.test'],
    ['lone LF', 'b\nc@x.test'],
  ])('B4 an address containing %s is EENVELOPE (to and envelope paths)', async (_name, address) => {
    const srv = await start();
    await expectRefusedEnvelope(srv, { from: 'a@x.test', to: address, subject: 's', text: 't' });
    await expectRefusedEnvelope(srv, { subject: 's', text: 't', envelope: { from: 'a@x.test', to: [address] } });
    await expectRefusedEnvelope(srv, { subject: 's', text: 't', envelope: { from: address, to: ['b@x.test'] } });
    expect(srv.wireText()).not.toContain('mple');
  });

  it('B9 non-ASCII local part to a server without SMTPUTF8 is EENVELOPE, no MAIL sent', async () => {
    const srv = await start({ hideSMTPUTF8: true });
    const err = await expectRefusedEnvelope(srv, { from: 'a@x.test', to: 'jöran@example.com', subject: 's', text: 't' });
    expect(err.message).toMatch(/SMTPUTF8/);
  });

  it('B9 the same address goes through when the server offers SMTPUTF8', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS });
    const info = await transport.sendMail({ from: 'a@x.test', to: 'jöran@example.com', subject: 's', text: 't' });
    expect(info.accepted).toEqual(['jöran@example.com']);
    expect(srv.messages[0]?.envelope.to).toEqual(['jöran@example.com']);
    expect(srv.messages[0]?.mailParams.SMTPUTF8).toBe(true);
  });

  it('B10 a sender starting with "-" is EENVELOPE', async () => {
    const srv = await start();
    await expectRefusedEnvelope(srv, { subject: 's', text: 't', envelope: { from: '-oQ/tmp@x.test', to: ['b@x.test'] } });
  });

  it('B10 a space in an unquoted local part is EENVELOPE, never truncated to the last word', async () => {
    const srv = await start();
    await expectRefusedEnvelope(srv, { from: 'a@x.test', subject: 's', text: 't', envelope: { from: 'a@x.test', to: ['b c@example.com'] } });
    expect(srv.wireText()).not.toContain('c@example.com');
  });

  it('B18 CR/LF in the EHLO name is ECONFIG at createTransport', () => {
    expect.assertions(3);
    try {
      createTransport({ host: '127.0.0.1', port: 25, name: 'h\r\nMAIL FROM:<e@x>' });
    } catch (err) {
      expect(err).toBeInstanceOf(SmtpError);
      expect((err as SmtpError).code).toBe('ECONFIG');
      expect((err as SmtpError).message).toMatch(/name/);
    }
  });

  it.each([
    ['a malformed URL', 'smtp://[bad'],
    ['an unknown protocol', 'ftp://x'],
    ['a port out of range', { host: 'x.test', port: 70000 }],
    ['a non-boolean tls.rejectUnauthorized', { host: 'x.test', tls: { rejectUnauthorized: 'no' } }],
  ])('B31 %s is ECONFIG, thrown synchronously', (_name, input) => {
    let thrown: unknown;
    try {
      createTransport(input as SmtpOptions | string);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(SmtpError);
    expect((thrown as SmtpError).code).toBe('ECONFIG');
  });
});
