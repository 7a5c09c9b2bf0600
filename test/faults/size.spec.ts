import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createTransport } from '../../lib/transport/transport.js';
import type { SmtpOptions } from '../../lib/transport/options.js';
import type { MailMessage } from '../../lib/mime/message.interface.js';
import { startScriptServer, type ScriptServer } from '../helpers/script-server.js';
import { esmtp } from '../helpers/esmtp-script.js';
import { prepareMessage } from '../../lib/mime/compose.js';
import { base64Length } from '../../lib/mime/message-size.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { observeSend } from '../helpers/settle.js';
import { SLOW_TIMEOUTS } from '../helpers/timeouts.js';

const LIMIT = 2 * 1024 * 1024;
const start = closedAfterEach(startScriptServer);
const from = 'sender@example.test';
const to = 'rcpt@example.test';

const SERVERS = [
  ['BDAT', ['PIPELINING', 'CHUNKING', '8BITMIME', `SIZE ${LIMIT}`]],
  ['DATA', ['PIPELINING', '8BITMIME', `SIZE ${LIMIT}`]],
] as const;

function transportFor(server: ScriptServer, options: SmtpOptions = {}) {
  return createTransport({ host: server.host, port: server.port, ...SLOW_TIMEOUTS, socketTimeout: 10_000, ...options });
}

/** The commands that would start a transaction or carry content. */
const transactionCommands = (server: ScriptServer) => server.commands().filter((line) => /^(MAIL|RCPT|DATA|BDAT)\b/i.test(line));

let dir: string;
let bigFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faults-size-'));
  bigFile = join(dir, 'big.bin');
  await writeFile(bigFile, randomBytes(3 * 1024 * 1024));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('faults: a message larger than the advertised SIZE', () => {
  it.each(SERVERS)('F37 a 3 MiB Buffer attachment against SIZE 2097152 (%s) is EMESSAGE before MAIL, nothing sent', async (_, extensions) => {
    const server = await start(esmtp({ extensions: [...extensions] }));
    const outcome = await observeSend(transportFor(server), {
      from, to, subject: 'too big', text: 'see attachment', attachments: [{ filename: 'big.bin', content: randomBytes(3 * 1024 * 1024) }],
    });
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.error).toMatchObject({ code: 'EMESSAGE', phase: 'mail', delivery: 'not-sent' });
    expect(outcome.error?.message).toMatch(/exceeds the server's SIZE limit of 2097152/);
    expect(transactionCommands(server)).toEqual([]);
    expect(server.connections[0]!.bodies).toEqual([]);
  });

  it('F37 the refusal before MAIL leaves a pooled connection as it was: the next message goes on it', async () => {
    const server = await start(esmtp({ extensions: [...SERVERS[0][1]] }));
    const transport = transportFor(server, { pool: true, maxConnections: 1 });
    const errors: unknown[] = [];
    transport.on('error', (err) => errors.push(err));
    const refused = await transport.sendMail({ from, to, attachments: [{ content: randomBytes(3 * 1024 * 1024) }] }).catch((err: unknown) => err);
    expect(refused).toMatchObject({ code: 'EMESSAGE', delivery: 'not-sent' });
    const info = await transport.sendMail({ from, to, text: 'small' });
    expect(info.accepted).toEqual([to]);
    await transport.close();
    expect(server.connectionCount()).toBe(1);
    // Nothing was sent for the refused message, so nothing needed resetting.
    expect(server.commands().filter((line) => /^(MAIL|RSET)/.test(line))).toEqual([`MAIL FROM:<${from}> BODY=8BITMIME SIZE=${server.connections[0]!.bodies[0]!.length}`]);
    expect(errors).toEqual([]);
  });

  it.each(SERVERS)('F37 a 3 MiB file attachment (size by stat) against SIZE 2097152 (%s) is EMESSAGE before MAIL, nothing sent', async (_, extensions) => {
    const server = await start(esmtp({ extensions: [...extensions] }));
    const outcome = await observeSend(transportFor(server), { from, to, subject: 'too big', attachments: [{ path: bigFile }] });
    expect(outcome.error).toMatchObject({ code: 'EMESSAGE', phase: 'mail', delivery: 'not-sent' });
    expect(transactionCommands(server)).toEqual([]);
  });

  it('F37 a DKIM-signed message over the limit is refused before MAIL, its signature fields counted', async () => {
    const server = await start(esmtp({ extensions: [...SERVERS[0][1]] }));
    const dkim = { domainName: 'example.test', keySelector: 's1', privateKey: generateKeyPairSync('ed25519').privateKey };
    // Just under the limit unsigned (100 octets to spare): only the DKIM-Signature field takes it over.
    const withContent = (octets: number): MailMessage => ({ from, to, subject: 'signed', attachments: [{ filename: 'a.bin', content: randomBytes(octets) }] });
    const overhead = (await prepareMessage(withContent(0)).measure())!.size;
    let octets = Math.floor(((LIMIT - overhead) * 3 * 76) / (4 * 78));
    while (overhead + base64Length(octets + 1) <= LIMIT - 100) octets += 1;
    while (overhead + base64Length(octets) > LIMIT - 100) octets -= 1;
    const unsigned = withContent(octets);
    const outcome = await observeSend(transportFor(server, { dkim }), unsigned);
    const measuredUnsigned = await observeSend(transportFor(server), unsigned);
    expect(measuredUnsigned.error).toBeUndefined();
    const mail = server.commands().find((line) => line.startsWith('MAIL FROM'))!;
    const unsignedSize = Number(/ SIZE=(\d+)/.exec(mail)![1]);
    expect(unsignedSize).toBeLessThanOrEqual(LIMIT - 100);
    expect(unsignedSize).toBeGreaterThan(LIMIT - 110);
    expect(outcome.error).toMatchObject({ code: 'EMESSAGE', phase: 'mail', delivery: 'not-sent' });
    const declared = Number(/message of (\d+) bytes/.exec(outcome.error!.message)![1]);
    expect(declared).toBeGreaterThan(LIMIT);
    // One Ed25519 DKIM-Signature field: a few hundred octets, folded.
    expect(declared - unsignedSize).toBeGreaterThan(200);
    expect(declared - unsignedSize).toBeLessThan(600);
    expect(server.connections[0]!.commands.filter((line) => /^(MAIL|BDAT)/.test(line))).toEqual([]);
  });

  it.each(SERVERS)('F37 a known-size message under the limit (%s) declares its exact size: MAIL FROM:<...> SIZE=<exact>', async (_, extensions) => {
    const server = await start(esmtp({ extensions: [...extensions] }));
    const info = await transportFor(server).sendMail({
      from, to, subject: 'fits', text: '.dot-led line\nand more', attachments: [{ filename: 'a.bin', content: randomBytes(1024 * 1024) }],
    });
    expect(info.accepted).toEqual([to]);
    const conn = server.connections[0]!;
    const body = conn.bodies[0]!;
    // DATA bodies are recorded as received: dot-stuffed, with the final `.` line; SIZE counts neither (RFC 1870 §5).
    const size = (extensions as readonly string[]).includes('CHUNKING') ? body.length : unstuff(body).length;
    expect(size).toBeGreaterThan(1024 * 1024);
    expect(conn.commands.find((line) => line.startsWith('MAIL FROM'))).toBe(`MAIL FROM:<${from}> BODY=8BITMIME SIZE=${size}`);
  });

  it.each(SERVERS)('F37 a Readable of unknown length (%s) goes without a SIZE parameter', async (_, extensions) => {
    const server = await start(esmtp({ extensions: [...extensions] }));
    await transportFor(server).sendMail({ from, to, attachments: [{ filename: 's.bin', content: Readable.from([randomBytes(600_000)]) }] });
    const mail = server.connections[0]!.commands.find((line) => line.startsWith('MAIL FROM'));
    expect(mail).toBe(`MAIL FROM:<${from}> BODY=8BITMIME`);
  });
});

/** A DATA body as the server reads it, back to the message: the final `.` line dropped, doubled dots undone. */
function unstuff(body: Buffer): Buffer {
  const text = body.toString('latin1');
  return Buffer.from(text.slice(0, -3).replace(/(^|\r\n)\.\./g, '$1.'), 'latin1');
}
