import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { prepareMessage, type ComposeOptions, type PreparedMessage } from '../../lib/mime/compose.js';
import type { MailMessage } from '../../lib/mime/message.interface.js';
import { base64Length, WireCounter } from '../../lib/mime/message-size.js';
import { Base64Encoder } from '../../lib/mime/encoders/base64.js';
import { signatureFieldsLength, signHeaders } from '../../lib/mime/dkim/sign-headers.js';
import type { DkimOptions } from '../../lib/mime/dkim/dkim-options.js';
import { DataStreamEncoder } from '../../lib/smtp/data-stream.js';
import { SmtpError } from '../../lib/core/errors.js';
import { readAll } from '../helpers/parse-mail.js';
import { seededRandom } from '../helpers/random.js';

/** The octets the server counts for a composed message: the data stream's CRLF normalisation, without dot-stuffing. */
async function wireBytes(prepared: PreparedMessage, options: ComposeOptions = {}): Promise<Buffer> {
  const composed = await readAll(prepared.compose(options));
  return Buffer.concat(new DataStreamEncoder({ dotStuff: false }).encodeAll([composed]));
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

const from = 'Sender <sender@example.com>';
const to = 'rcpt@example.net';
/** Text that quoted-printable must escape, with long lines, bare LFs and CRs, trailing spaces and 8-bit octets. */
const awkwardText = (lines: number): string =>
  Array.from({ length: lines }, (_, i) => `${i % 5 === 0 ? '.' : ''}Grüße ${'é'.repeat(i % 90)} = ${'x'.repeat((i * 37) % 1200)} \t${['\n', '\r', '\r\n'][i % 3]}`).join('');

describe('base64Length', () => {
  it('matches what Base64Encoder writes for every length up to 1,000 octets and a few large ones', () => {
    const lengths = [...Array.from({ length: 1001 }, (_, i) => i), 57 * 1000, 57 * 1000 + 1, 3 * 1024 * 1024 + 2];
    for (const length of lengths) {
      const encoder = new Base64Encoder();
      const data = randomBytes(length);
      const written = encoder.update(data).length + encoder.final().length;
      expect([length, base64Length(length)]).toEqual([length, written]);
    }
  });
});

describe('WireCounter', () => {
  it('counts what the data stream writes (without dot-stuffing), however the input is split', () => {
    const random = seededRandom(1870);
    const alphabet = Buffer.from('ab.\r\n\r\n\n\r', 'latin1');
    for (let round = 0; round < 300; round++) {
      const data = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 60) }, () => alphabet[Math.floor(random() * alphabet.length)]!));
      const cuts = [0, ...Array.from({ length: 4 }, () => Math.floor(random() * data.length)).sort((a, b) => a - b), data.length];
      const chunks = cuts.slice(1).map((end, i) => data.subarray(cuts[i], end));
      const counter = new WireCounter();
      for (const chunk of chunks) counter.add(chunk);
      const expected = Buffer.concat(new DataStreamEncoder({ dotStuff: false }).encodeAll(chunks)).length;
      expect([JSON.stringify(data.toString('latin1')), counter.total()]).toEqual([JSON.stringify(data.toString('latin1')), expected]);
    }
  });
});

describe('PreparedMessage.measure', () => {
  let dir: string;
  let binaryFile: string;
  let textFile: string;
  let emptyFile: string;
  const binary = randomBytes(300_001);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'measure-'));
    binaryFile = join(dir, 'data.bin');
    textFile = join(dir, 'notes.txt');
    emptyFile = join(dir, 'empty.bin');
    await writeFile(binaryFile, binary);
    await writeFile(textFile, 'line\nline\n');
    await writeFile(emptyFile, '');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const shapes: Array<[string, () => MailMessage, ComposeOptions?]> = [
    ['an empty message', () => ({ from, to })],
    ['plain ASCII text without a final line break', () => ({ from, to, subject: 'Hi', text: 'Hello' })],
    ['text and html (multipart/alternative)', () => ({ from, to, subject: 'Hi', text: 'Hello\n', html: '<p>Hello</p>' })],
    ['large quoted-printable text with bare CR and LF line breaks', () => ({ from, to, text: awkwardText(2000) })],
    ['the same text as 8bit when the server offers 8BITMIME', () => ({ from, to, text: 'Grüße\nnew line\r\n'.repeat(30_000) }), { eightBitMime: true }],
    ['text forced to base64 (textEncoding)', () => ({ from, to, text: awkwardText(1500), textEncoding: 'base64' })],
    ['a non-ASCII subject, name and domain (RFC 2047, punycode)', () => ({ from: 'Jörg <joerg@exämple.com>', to, subject: 'Grüße '.repeat(40), text: 'x' })],
    ['the same with SMTPUTF8, and a non-ASCII local part', () => ({ from: 'Jörg <jörg@exämple.com>', to, subject: 'Grüße '.repeat(40), text: 'x' }), { smtputf8: true }],
    ['a large Buffer attachment', () => ({ from, to, text: 'see attachment', attachments: [{ filename: 'a.bin', content: randomBytes(1024 * 1024 + 1) }] })],
    ['a string attachment decoded from base64', () => ({ from, to, attachments: [{ filename: 'b.bin', content: randomBytes(400_000).toString('base64'), encoding: 'base64' }] })],
    ['a data: URL attachment', () => ({ from, to, attachments: [{ path: `data:application/octet-stream;base64,${randomBytes(5000).toString('base64')}` }] })],
    ['a file attachment (stat)', () => ({ from, to, text: 'file', attachments: [{ path: binaryFile }] })],
    ['an empty file attachment', () => ({ from, to, attachments: [{ path: emptyFile }] })],
    ['a binary attachment forced to quoted-printable', () => ({ from, to, attachments: [{ filename: 'q.bin', content: randomBytes(70_000), contentTransferEncoding: 'quoted-printable' }] })],
    ['a raw part and an attachment sent as is (no encoding)', () => ({
      from, to, attachments: [
        { raw: 'Content-Type: text/plain\nContent-Disposition: attachment\n\nbare LF\rbare CR' },
        { filename: 'as-is.txt', content: 'a\nb\r\nc', contentTransferEncoding: false as const },
      ],
    })],
    ['html with an inline image and alternatives and a calendar event', () => ({
      from, to, text: 't', html: '<img src="cid:logo@x">', alternatives: [{ contentType: 'text/x-web-markdown', content: '**b**' }],
      icalEvent: { method: 'request', content: 'BEGIN:VCALENDAR\nEND:VCALENDAR' },
      attachments: [{ filename: 'logo.png', content: randomBytes(2000), cid: 'logo@x' }],
    })],
    ['a raw message with bare LFs and no final line break', () => ({ envelope: { from: 'a@example.com', to: ['b@example.com'] }, raw: `Subject: raw\n\n${'line\n'.repeat(70_000)}end` })],
  ];

  it.each(shapes)('is the exact wire size of %s', async (_, make, options = {}) => {
    const prepared = prepareMessage(make());
    const measured = await prepared.measure(options);
    expect(measured?.size).toBe((await wireBytes(prepared, options)).length);
  });

  it('gives the header block DKIM signs: the bytes before the blank line', async () => {
    const prepared = prepareMessage({ from, to, subject: 'Hi', text: 'Hello', attachments: [{ content: 'x' }] });
    const wire = (await wireBytes(prepared)).toString('latin1');
    const measured = await prepared.measure();
    expect(measured?.headerBlock?.toString('latin1')).toBe(wire.slice(0, wire.indexOf('\r\n\r\n') + 2));
  });

  it.each([
    ['a Readable', () => ({ from, to, text: Readable.from(['streamed']) })],
    ['an http(s) URL', () => ({ from, to, attachments: [{ path: 'https://example.com/a.pdf' }] })],
    ['a text file (line breaks normalised, quoted-printable)', () => ({ from, to, text: { path: textFile } })],
    ['a raw message from a file', () => ({ envelope: { from: 'a@example.com', to: ['b@example.com'] }, raw: { path: textFile } })],
    ['a missing file', () => ({ from, to, attachments: [{ path: join(tmpdir(), 'no-such-file-for-measure.bin') }] })],
    ['a directory', () => ({ from, to, attachments: [{ path: tmpdir() }] })],
  ] as Array<[string, () => MailMessage]>)('is undefined for a message with %s', async (_, make) => {
    expect(await prepareMessage(make()).measure()).toBeUndefined();
  });

  it('refuses a file source when file access is disabled, before anything could stat or open it', () => {
    const error = thrown(() => prepareMessage({ from, to, attachments: [{ path: binaryFile }] }, undefined, { disableFileAccess: true }));
    expect(error).toBeInstanceOf(SmtpError);
    expect(error).toMatchObject({ code: 'EFILEACCESS' });
  });

  it('fails with EMESSAGE where the stream would: a non-ASCII address in a header without SMTPUTF8', async () => {
    const prepared = prepareMessage({ from: 'jörg@example.com', to, text: 'x' });
    await expect(prepared.measure({ smtputf8: false })).rejects.toMatchObject({ code: 'EMESSAGE' });
    await expect(readAll(prepared.compose({ smtputf8: false }))).rejects.toMatchObject({ code: 'EMESSAGE' });
  });
});

describe('signatureFieldsLength', () => {
  let keys: Record<string, KeyObject>;

  beforeAll(() => {
    keys = {
      rsa1024: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
      rsa2048: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
      rsa3072: generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey,
      ed25519: generateKeyPairSync('ed25519').privateKey,
    };
  });

  const headerBlocks = [
    'From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n',
    `From: a@example.com\r\nTo: ${'r@example.com, '.repeat(30)}z@example.com\r\nCc: c@example.com\r\nReply-To: d@example.com\r\nSubject: hi\r\nDate: x\r\nMessage-ID: <1@x>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nList-Id: <l.example.com>\r\nList-Unsubscribe: <mailto:u@example.com>\r\n`,
  ];

  it('is the length of the fields signHeaders writes, for RSA keys of several sizes, Ed25519, and several signatures', () => {
    const now = new Date();
    for (const block of headerBlocks) {
      for (const names of [['rsa1024'], ['rsa2048'], ['rsa3072'], ['ed25519'], ['rsa2048', 'ed25519']]) {
        const options: DkimOptions[] = names.map((name) => ({ domainName: 'a-rather-long-signing-domain.example.com', keySelector: `sel-${name}`, privateKey: keys[name]! }));
        const signed = signHeaders(block, randomBytes(32).toString('base64'), options, now);
        expect([names.join('+'), signatureFieldsLength(Buffer.from(block, 'latin1'), options, now)]).toEqual([names.join('+'), Buffer.byteLength(signed, 'latin1')]);
      }
    }
  });

  it('refuses a header block without From, as signing does', () => {
    const options = [{ domainName: 'example.com', keySelector: 's', privateKey: keys.ed25519! }];
    expect(thrown(() => signatureFieldsLength(Buffer.from('To: b@example.com\r\n'), options))).toMatchObject({ code: 'EMESSAGE' });
    expect(thrown(() => signHeaders('To: b@example.com\r\n', 'x', options))).toMatchObject({ code: 'EMESSAGE' });
  });
});
