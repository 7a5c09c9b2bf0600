import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createTransport } from '../../lib/transport/transport.js';
import type { DkimOptions, SmtpOptions } from '../../lib/transport/options.js';
import type { MailMessage } from '../../lib/mime/message.interface.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { startScriptServer } from '../helpers/script-server.js';
import { esmtp } from '../helpers/esmtp-script.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { SLOW_TIMEOUTS } from '../helpers/timeouts.js';

/** Large bodies and signing take a while on a busy machine; nothing here is meant to time out. */
const TIMEOUTS = { ...SLOW_TIMEOUTS, socketTimeout: 10_000 } satisfies SmtpOptions;
/** The size of every BDAT chunk but the last (README: 128 KiB). */
const BDAT_CHUNK = 128 * 1024;

const startSmtp = closedAfterEach(startSmtpServer);
const startScript = closedAfterEach(startScriptServer);

let dir: string;
let binaryFile: string;
let rsaKey: KeyObject;
let edKey: KeyObject;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'declared-size-'));
  binaryFile = join(dir, 'report.pdf');
  await writeFile(binaryFile, randomBytes(700_003));
  rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  edKey = generateKeyPairSync('ed25519').privateKey;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const from = 'Sender <sender@example.com>';
const to = 'rcpt@example.net';
const dkimRsa = (): DkimOptions => ({ domainName: 'example.com', keySelector: 'rsa', privateKey: rsaKey });
const dkimEd = (): DkimOptions => ({ domainName: 'example.org', keySelector: 'ed', privateKey: edKey });
/** Quoted-printable text: 8-bit octets, `=`, long lines, bare LF and CR line breaks, dot-led lines. */
const awkwardText = (lines: number): string =>
  Array.from({ length: lines }, (_, i) => `${i % 4 === 0 ? '.' : ''}Grüße = ${'y'.repeat((i * 53) % 1100)}${['\n', '\r', '\r\n'][i % 3]}`).join('');

interface Shape {
  name: string;
  message: () => MailMessage;
  dkim?: () => DkimOptions[];
}

/** Small shapes are counted as rendered in memory; the large ones (over 256 KiB) are measured before they are read. */
const SHAPES: Shape[] = [
  { name: 'small text only', message: () => ({ from, to, subject: 'hi', text: 'Hello\n.\nBye' }) },
  { name: 'small html and text', message: () => ({ from, to, subject: 'hi', text: 'Hello', html: '<p>Grüße</p>' }) },
  { name: 'large text only, quoted-printable', message: () => ({ from, to, subject: 'qp', text: awkwardText(1500) }) },
  { name: 'large html and text', message: () => ({ from, to, subject: 'alt', text: awkwardText(600), html: `<p>${'Grüße '.repeat(60_000)}</p>` }) },
  { name: 'text forced to base64', message: () => ({ from, to, text: awkwardText(900), textEncoding: 'base64' }) },
  { name: 'a Buffer attachment', message: () => ({ from, to, text: 'see attached', attachments: [{ filename: 'a.bin', content: randomBytes(1_000_001) }] }) },
  { name: 'a string attachment', message: () => ({ from, to, attachments: [{ filename: 'a.txt', content: 'ünïcödé line\n'.repeat(40_000) }] }) },
  { name: 'a file attachment', message: () => ({ from, to, text: 'report', attachments: [{ path: binaryFile }] }) },
  { name: 'a binary attachment forced to quoted-printable', message: () => ({ from, to, attachments: [{ filename: 'q.bin', content: randomBytes(300_000), contentTransferEncoding: 'quoted-printable' }] }) },
  { name: 'a raw message with bare LFs and dot-led lines', message: () => ({ envelope: { from: 'a@example.com', to: ['b@example.com'] }, raw: `From: a@example.com\nSubject: raw\n\n${'.line\n'.repeat(60_000)}end` }) },
  { name: 'small, DKIM-signed with RSA', message: () => ({ from, to, subject: 'signed', text: 'short' }), dkim: () => [dkimRsa()] },
  { name: 'a file attachment, DKIM-signed with RSA and Ed25519', message: () => ({ from, to, subject: 'signed', text: 'report', attachments: [{ path: binaryFile }] }), dkim: () => [dkimRsa(), dkimEd()] },
  { name: 'large quoted-printable text, DKIM-signed with Ed25519', message: () => ({ from, to, subject: 'signed', text: awkwardText(1500) }), dkim: () => [dkimEd()] },
];

describe('the SIZE declared on MAIL FROM', () => {
  it.each(SHAPES.map((shape) => [shape.name, shape] as const))('is the exact size smtp-server received (DATA): %s', async (_, shape) => {
    const server = await startSmtp({ size: 50 * 1024 * 1024 });
    const transport = createTransport({ host: server.host, port: server.port, ...TIMEOUTS, ...(shape.dkim ? { dkim: shape.dkim() } : {}) });
    const info = await transport.sendMail(shape.message());
    const [received] = server.messages;
    expect(received!.mailParams.SIZE).toBe(String(received!.raw.length));
    expect(info.messageSize).toBeGreaterThanOrEqual(received!.raw.length);
  }, 30_000);

  it.each(SHAPES.map((shape) => [shape.name, shape] as const))('is the exact size a BDAT server received, in 128 KiB chunks: %s', async (_, shape) => {
    const server = await startScript(esmtp({ extensions: ['PIPELINING', 'CHUNKING', '8BITMIME', 'SIZE 52428800'] }));
    const transport = createTransport({ host: server.host, port: server.port, ...TIMEOUTS, ...(shape.dkim ? { dkim: shape.dkim() } : {}) });
    const info = await transport.sendMail(shape.message());
    const conn = server.connections[0]!;
    const body = conn.bodies[0]!;
    const mail = conn.commands.find((line) => line.startsWith('MAIL FROM'));
    expect(mail).toMatch(new RegExp(` SIZE=${body.length}(?: |$)`));
    expect(info.messageSize).toBe(body.length);
    const chunks = conn.commands.filter((line) => line.startsWith('BDAT')).map((line) => Number(line.split(' ')[1]));
    expect(chunks.slice(0, -1).every((bytes) => bytes === BDAT_CHUNK)).toBe(true);
    expect(chunks.at(-1)).toBeLessThanOrEqual(body.length > 256 * 1024 ? BDAT_CHUNK : body.length);
  }, 30_000);

  it('is left out for a message with a Readable of unknown length', async () => {
    const server = await startSmtp({ size: 50 * 1024 * 1024 });
    const transport = createTransport({ host: server.host, port: server.port, ...TIMEOUTS });
    await transport.sendMail({ from, to, attachments: [{ filename: 's.bin', content: Readable.from([randomBytes(400_000)]) }] });
    expect(server.messages[0]!.mailParams.SIZE).toBeUndefined();
  });
});
