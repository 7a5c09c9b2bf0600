import { describe, it, expect, afterEach } from '@jest/globals';
import { Readable } from 'node:stream';
import { createTransport } from '../../lib/transport/transport.js';
import type { MailMessage } from '../../lib/mime/message.interface.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { startScriptServer, type ScriptServer } from '../helpers/script-server.js';
import { esmtp } from '../helpers/esmtp-script.js';
import { observeSend } from '../helpers/settle.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';

const ENVELOPE = { from: 'a@x.test', to: ['b@x.test'] };

const open: Array<TestSmtpServer | ScriptServer> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A scripted ESMTP server (no CHUNKING, so DATA is used) that keeps the exact body bytes. */
async function wireServer(extensions: string[] = ['8BITMIME']): Promise<ScriptServer> {
  const server = await startScriptServer(esmtp({ extensions }));
  open.push(server);
  return server;
}

async function realServer(): Promise<TestSmtpServer> {
  const server = await startSmtpServer();
  open.push(server);
  return server;
}

/** Sends one message and returns the DATA bytes the server received (up to and including the final dot line). */
async function wireBody(server: ScriptServer, message: MailMessage): Promise<string> {
  const before = server.connections.length;
  await createTransport({ host: server.host, port: server.port, ...FAST_TIMEOUTS }).sendMail(message);
  const bodies = server.connections.slice(before).flatMap((c) => c.bodies);
  expect(bodies).toHaveLength(1);
  return (bodies[0] as Buffer).toString('latin1');
}

/** Every CR is followed by LF and every LF preceded by CR. */
function expectOnlyCrlf(wire: string): void {
  expect(wire).not.toMatch(/\r(?!\n)/);
  expect(wire).not.toMatch(/(?<!\r)\n/);
}

function splitAt(bytes: Buffer, offsets: number[]): Readable {
  const cuts = [0, ...offsets, bytes.length];
  return Readable.from(cuts.slice(1).map((end, i) => bytes.subarray(cuts[i], end)).filter((part) => part.length > 0));
}

describe('engine: message data on the wire', () => {
  it('B20 a "." line in text is dot-stuffed and bare LFs become CRLF; the smuggled MAIL stays body text', async () => {
    const server = await wireServer();
    const text = 'a\n.\nMAIL FROM:<x@y>\nb';
    const wire = await wireBody(server, { from: 'a@x.test', to: 'b@x.test', subject: 's', text });
    expect(wire).toMatch(/\r\n\r\na\r\n\.\.\r\nMAIL FROM:<x@y>\r\nb\r\n\.\r\n$/);
    expectOnlyCrlf(wire);
    expect(server.commands().filter((line) => line.startsWith('MAIL'))).toEqual(['MAIL FROM:<a@x.test> BODY=8BITMIME']);

    const real = await realServer();
    await createTransport({ host: real.host, port: real.port, ...FAST_TIMEOUTS }).sendMail({ from: 'a@x.test', to: 'b@x.test', subject: 's', text });
    expect(real.messages).toHaveLength(1);
    expect((await real.parse(0)).text?.replace(/\r\n/g, '\n').trimEnd()).toBe(text);
  });

  it.each([
    ['text', 'a\r.\rb'],
    ['text', 'a\r\n.\rb'],
    ['html', 'a\r.\rb'],
    ['html', 'a\r\n.\rb'],
  ])('B21 bare CR in %s (%j) never reaches the wire', async (field, content) => {
    const server = await wireServer();
    const wire = await wireBody(server, { from: 'a@x.test', to: 'b@x.test', subject: 's', [field]: content });
    expectOnlyCrlf(wire);
    expect(wire).not.toMatch(/\r\n\.\r\n(?!$)/);
  });

  it.each(['a\r.\rb', 'a\r\n.\rb', 'a\n.\rb'])('B21 bare CR in a raw body (%j) becomes CRLF, then the dot is stuffed', async (body) => {
    const server = await wireServer();
    const wire = await wireBody(server, { raw: `Subject: x\r\n\r\n${body}`, envelope: ENVELOPE });
    expect(wire).toBe('Subject: x\r\n\r\na\r\n..\r\nb\r\n.\r\n');
  });

  it('B22 raw with a bare-LF "." line, as a string and a Buffer, is stuffed on the wire', async () => {
    const server = await wireServer();
    const raw = 'Subject: x\r\n\r\na\n.\r\nb';
    const expected = 'Subject: x\r\n\r\na\r\n..\r\nb\r\n.\r\n';
    expect(await wireBody(server, { raw, envelope: ENVELOPE })).toBe(expected);
    expect(await wireBody(server, { raw: Buffer.from(raw), envelope: ENVELOPE })).toBe(expected);
  });

  it('B22 raw streamed in chunks split at every offset (and byte by byte) is stuffed identically', async () => {
    const server = await wireServer();
    const raw = Buffer.from('Subject: x\r\n\r\na\n.\r\nb');
    const expected = 'Subject: x\r\n\r\na\r\n..\r\nb\r\n.\r\n';
    const transport = createTransport({ host: server.host, port: server.port, pool: true, maxConnections: 1, ...FAST_TIMEOUTS });
    const splits = [...Array(raw.length - 1).keys()].map((i) => [i + 1]);
    splits.push([...Array(raw.length - 1).keys()].map((i) => i + 1));
    for (const offsets of splits) {
      await transport.sendMail({ raw: splitAt(raw, offsets), envelope: ENVELOPE });
    }
    await transport.close();
    const bodies = server.connections.flatMap((c) => c.bodies).map((b) => b.toString('latin1'));
    expect(bodies).toHaveLength(splits.length);
    expect(new Set(bodies)).toEqual(new Set([expected]));
  });

  it('B23 a 5 000-character text line is encoded so that no line exceeds 998 octets, and reads back intact', async () => {
    const server = await wireServer();
    const text = 'x'.repeat(2500) + ' ' + 'y'.repeat(2499);
    const wire = await wireBody(server, { from: 'a@x.test', to: 'b@x.test', subject: 's', text });
    expect(Math.max(...wire.split('\r\n').map((line) => line.length))).toBeLessThanOrEqual(998);

    const real = await realServer();
    await createTransport({ host: real.host, port: real.port, ...FAST_TIMEOUTS }).sendMail({ from: 'a@x.test', to: 'b@x.test', subject: 's', text });
    expect((await real.parse(0)).text?.trimEnd()).toBe(text);
  });

  it('B23 a raw message with a 2 000-octet line is EMESSAGE and the final dot is never sent', async () => {
    const server = await wireServer();
    const transport = createTransport({ host: server.host, port: server.port, ...FAST_TIMEOUTS });
    const outcome = await observeSend(transport, { raw: `Subject: x\r\n\r\n${'z'.repeat(2000)}\r\nend`, envelope: ENVELOPE });
    expect(outcome.error?.code).toBe('EMESSAGE');
    expect(outcome.error?.delivery).toBe('not-sent');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeLessThan(1000);
    expect(server.connections.flatMap((c) => c.bodies)).toEqual([]);
    expect(server.transcript()).not.toContain('\r\n.\r\n');
  });

  it('B23 a raw message with a 2 000-octet line past the read-ahead is EMESSAGE, found while streaming, without a final dot', async () => {
    const server = await wireServer();
    const transport = createTransport({ host: server.host, port: server.port, ...FAST_TIMEOUTS });
    const lines = Array.from({ length: 6000 }, (_, i) => `line ${i} ${'-'.repeat(60)}`).join('\r\n');
    const raw = `Subject: x\r\n\r\n${lines}\r\n${'z'.repeat(2000)}\r\nend\r\n`;
    const outcome = await observeSend(transport, { raw: Readable.from([Buffer.from(raw)]), envelope: ENVELOPE });
    expect(outcome.error?.code).toBe('EMESSAGE');
    expect(outcome.error?.delivery).toBe('not-sent');
    expect(outcome.callbackCalls).toBe(1);
    expect(server.connections.flatMap((c) => c.bodies)).toEqual([]);
    expect(server.transcript()).not.toContain('zzzz\r\nend');
  });
});
