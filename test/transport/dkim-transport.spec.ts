import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { createTransport } from '../../lib/transport/transport.js';
import { SmtpError } from '../../lib/core/errors.js';
import type { DkimOptions, SmtpOptions } from '../../lib/transport/options.js';
import type { MailMessage } from '../../lib/mime/message.interface.js';
import { startSmtpServer, type TestSmtpServerOptions } from '../helpers/smtp-server.js';
import { observeSend } from '../helpers/settle.js';
import { prepareMessage, type PreparedMessage } from '../../lib/mime/compose.js';
import { createSignedBody, signChunks } from '../../lib/mime/dkim/dkim-body.js';
import { body, startHttpSource } from '../helpers/http-source.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { SLOW_TIMEOUTS } from '../helpers/timeouts.js';

// Signing hashes a whole body of several MB before its first byte goes out; on a busy machine that
// silence can outlast the usual socket timeout.
const SIGNING_TIMEOUTS = { ...SLOW_TIMEOUTS, socketTimeout: 5000 } satisfies SmtpOptions;

interface TestKey {
  privateKey: KeyObject;
  txt: string;
}

function rsaKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, txt: `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}` };
}

function ed25519Key(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  // RFC 8463 §4: p= is the raw 32-byte public key, the tail of its SPKI encoding.
  return { privateKey, txt: `v=DKIM1; k=ed25519; p=${publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64')}` };
}

let rsa: TestKey;
let ed: TestKey;
let fileDir: string;
const records = new Map<string, string>();

beforeAll(async () => {
  rsa = rsaKey();
  ed = ed25519Key();
  records.set('rsa2024._domainkey.example.com', rsa.txt);
  records.set('ed2024._domainkey.example.org', ed.txt);
  fileDir = await mkdtemp(join(tmpdir(), 'dkim-transport-spec-'));
});

afterAll(async () => {
  await rm(fileDir, { recursive: true, force: true });
});

/** The only DNS the verifier sees: the test keys, no network. */
async function resolver(name: string, type: string): Promise<string[][]> {
  const txt = records.get(name.toLowerCase());
  if (type !== 'TXT' || txt === undefined) throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return [[txt]];
}

async function verifyResults(message: Buffer): Promise<Array<{ result: string; domain?: string; comment?: string }>> {
  const verdict = await dkimVerify(message, { resolver });
  return verdict.results.map((entry) => ({
    result: entry.status.result,
    domain: (entry as { signingDomain?: string }).signingDomain,
    comment: (entry.status as { comment?: string }).comment,
  }));
}

async function verify(message: Buffer): Promise<string[]> {
  return (await verifyResults(message)).map((entry) => entry.result);
}

const RSA = (): DkimOptions => ({ domainName: 'example.com', keySelector: 'rsa2024', privateKey: rsa.privateKey });
const ED = (): DkimOptions => ({ domainName: 'example.org', keySelector: 'ed2024', privateKey: ed.privateKey });

const start = closedAfterEach(startSmtpServer);

/** Sends one message signed with `dkim` and returns the bytes the server received. */
async function sendSigned(message: MailMessage, dkim: DkimOptions | DkimOptions[], serverOptions: TestSmtpServerOptions = {}): Promise<Buffer> {
  const srv = await start(serverOptions);
  const transport = createTransport({ host: srv.host, port: srv.port, dkim, ...SIGNING_TIMEOUTS });
  await transport.sendMail(message);
  return srv.messages[0]?.raw ?? Buffer.alloc(0);
}

const LONG_SUBJECT = 'Grüße aus Köln — ein recht langer Betreff, der sicher gefaltet wird, 漢字 und noch mehr Text dazu';

/** Attachments, a folded and encoded Subject, a long To list, non-ASCII text and html, lines starting with dots. */
function richMessage(overrides: Partial<MailMessage> = {}): MailMessage {
  return {
    from: 'Jörg Müller <jorg@example.com>',
    to: ['Alice Ångström <alice@example.net>', 'Bob <bob@example.net>', 'Carol Long-Name <carol.with.a.long.address@example.net>', 'dave@example.net'],
    subject: LONG_SUBJECT,
    text: 'Grüße aus Köln — ½ € 漢字\n.a line starting with a dot\n..two dots\ntrailing spaces   \n',
    html: '<p>Grüße aus <b>Köln</b> 漢字</p>',
    attachments: [
      { filename: 'data.bin', content: randomBytes(5000) },
      { filename: 'notes ünïcödé.txt', content: 'Straße\r\nzweite Zeile\r\n' },
    ],
    headers: { 'X-Long-Header': 'folded '.repeat(30).trim() },
    ...overrides,
  };
}

describe('DKIM through createTransport, verified by mailauth', () => {
  it('signs with an RSA key a message with attachments, folded headers and non-ASCII content', async () => {
    const raw = await sendSigned(richMessage(), RSA());
    expect(raw.toString('latin1')).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example.com;/);
    // The headers really were folded and the content really is non-ASCII (8BITMIME is offered by smtp-server).
    expect(raw.toString('latin1')).toMatch(/\r\nSubject: [^\r\n]+\r\n[ \t]/);
    expect(await verifyResults(raw)).toEqual([expect.objectContaining({ result: 'pass', domain: 'example.com' })]);
  });

  it('signs with an Ed25519 key (RFC 8463)', async () => {
    const raw = await sendSigned(richMessage(), ED());
    expect(raw.toString('latin1')).toContain('a=ed25519-sha256;');
    expect(await verify(raw)).toEqual(['pass']);
  });

  it('adds both signatures when given RSA and Ed25519 keys at once', async () => {
    const raw = await sendSigned(richMessage(), [RSA(), ED()]);
    expect(raw.toString('latin1').match(/^DKIM-Signature:/gm)).toHaveLength(2);
    expect((await verifyResults(raw)).map((r) => [r.domain, r.result])).toEqual([
      ['example.com', 'pass'],
      ['example.org', 'pass'],
    ]);
  });

  it('signs 7-bit output when the server offers no 8BITMIME', async () => {
    const raw = await sendSigned(richMessage(), [RSA(), ED()], { hide8BITMIME: true, hideSMTPUTF8: true });
    expect([...raw].every((byte) => byte < 0x80)).toBe(true);
    expect(await verify(raw)).toEqual(['pass', 'pass']);
  });

  it('composes a file attachment twice and still verifies', async () => {
    const path = join(fileDir, 'report.txt');
    await writeFile(path, `Bericht für März\n${'Zeile mit Inhalt\n'.repeat(20_000)}`);
    const raw = await sendSigned(richMessage({ attachments: [{ path }] }), [RSA(), ED()]);
    expect(raw.length).toBeGreaterThan(300_000);
    expect(await verify(raw)).toEqual(['pass', 'pass']);
  });

  it('spools a Readable attachment (read once) and verifies; the temporary file is gone afterwards', async () => {
    const before = new Set((await readdir(tmpdir())).filter((name) => name.startsWith('nestjs-smtp-dkim-')));
    let reads = 0;
    const chunk = randomBytes(64 * 1024);
    const stream = new Readable({
      read() {
        reads += 1;
        this.push(reads <= 24 ? chunk : null);
      },
    });
    const raw = await sendSigned(richMessage({ attachments: [{ filename: 'big.bin', content: stream }] }), ED());
    expect(raw.length).toBeGreaterThan(1.5 * 1024 * 1024);
    expect(await verify(raw)).toEqual(['pass']);
    for (let i = 0; i < 50; i += 1) {
      const left = (await readdir(tmpdir())).filter((name) => name.startsWith('nestjs-smtp-dkim-') && !before.has(name));
      if (left.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await readdir(tmpdir())).filter((name) => name.startsWith('nestjs-smtp-dkim-') && !before.has(name))).toEqual([]);
  });

  it('spools a small Readable text body in memory and verifies', async () => {
    const raw = await sendSigned(richMessage({ text: Readable.from([Buffer.from('Grüße\n'), Buffer.from('.dot line\n')]) }), RSA());
    expect(await verify(raw)).toEqual(['pass']);
  });

  it('fetches an http attachment once (spooled, not fetched twice) and verifies', async () => {
    let served = 0;
    const source = await startHttpSource({
      // A different answer each time: fetching twice would break the signature.
      '/report.csv': (req, res, base) => body(`id,served\n1,${++served}\n`, 'text/csv')(req, res, base),
    });
    try {
      const raw = await sendSigned(richMessage({ attachments: [{ path: `${source.base}/report.csv` }] }), [RSA(), ED()]);
      expect(source.requests).toEqual(['/report.csv']);
      expect(await verify(raw)).toEqual(['pass', 'pass']);
    } finally {
      await source.close();
    }
  });

  it('signs a raw message, hashing its bare LF line breaks as the data stream sends them', async () => {
    const rawMessage = 'From: jorg@example.com\nTo: alice@example.net\nSubject: raw\n\nline one\n.dotted\nlast\n';
    const raw = await sendSigned({ raw: rawMessage, envelope: { from: 'jorg@example.com', to: ['alice@example.net'] } }, [RSA(), ED()]);
    expect(raw.toString('latin1')).toContain('\r\n.dotted\r\n');
    expect(await verify(raw)).toEqual(['pass', 'pass']);
  });

  it('signs only headerFieldNames minus skipFields, always with From', async () => {
    const raw = await sendSigned(richMessage(), { ...RSA(), headerFieldNames: 'Subject:To:X-Long-Header', skipFields: 'X-Long-Header' });
    const h = /h=([^;]+);/.exec(raw.toString('latin1').replace(/\r\n[ \t]/g, ' '))?.[1]?.replace(/\s/g, '');
    expect(h).toBe('from:to:subject');
    expect(await verify(raw)).toEqual(['pass']);
  });

  it('fails verification when the received body is tampered with', async () => {
    const raw = await sendSigned(richMessage(), [RSA(), ED()]);
    const text = raw.toString('latin1');
    const marker = text.lastIndexOf('--\r\n');
    const tampered = Buffer.from(`${text.slice(0, marker)}--\r\nappended by an attacker\r\n`, 'latin1');
    const results = await verifyResults(tampered);
    expect(results.map((r) => r.result)).toEqual(['neutral', 'neutral']);
    expect(results.map((r) => r.comment)).toEqual(['body hash did not verify', 'body hash did not verify']);
  });

  it('fails verification when a signed header is changed', async () => {
    const raw = await sendSigned(richMessage(), RSA());
    const tampered = Buffer.from(raw.toString('latin1').replace('alice@example.net', 'mallory@example.net'), 'latin1');
    expect(await verify(tampered)).toEqual(['fail']);
  });

  it('signs every message of a pool', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, dkim: ED(), pool: true, maxConnections: 2, ...SIGNING_TIMEOUTS });
    await Promise.all([1, 2, 3, 4].map((n) => transport.sendMail(richMessage({ subject: `pooled ${n}` }))));
    await transport.close();
    expect(srv.messages).toHaveLength(4);
    for (const message of srv.messages) expect(await verify(message.raw)).toEqual(['pass']);
  });

  it('a raw message without From cannot be signed: EMESSAGE before MAIL, nothing sent', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, dkim: RSA(), ...SIGNING_TIMEOUTS });
    const outcome = await observeSend(transport, { raw: 'Subject: no from\r\n\r\nhi\r\n', envelope: { from: 'a@example.com', to: ['b@example.net'] } });
    expect(outcome.error?.code).toBe('EMESSAGE');
    expect(outcome.error?.message).toContain('From');
    expect(outcome.error?.delivery).toBe('not-sent');
    expect(outcome.callbackCalls).toBe(1);
    expect(srv.commands.filter((c) => c.command === 'MAIL')).toEqual([]);
    expect(srv.messages).toEqual([]);
  });

  it('a streamed raw message without From is EMESSAGE too, and the final dot is never sent', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, dkim: RSA(), ...SIGNING_TIMEOUTS });
    const raw = Readable.from([Buffer.from('Subject: no from\r\n\r\n'), Buffer.from('x'.repeat(300_000))]);
    const outcome = await observeSend(transport, { raw, envelope: { from: 'a@example.com', to: ['b@example.net'] } });
    expect(outcome.error?.code).toBe('EMESSAGE');
    expect(srv.messages).toEqual([]);
  });

  it('a failing Readable source while signing is ESTREAM; nothing is delivered', async () => {
    const srv = await start();
    const transport = createTransport({ host: srv.host, port: srv.port, dkim: RSA(), ...SIGNING_TIMEOUTS });
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(10_000, 0x61));
        this.destroy(new Error('attachment source went away'));
      },
    });
    const outcome = await observeSend(transport, richMessage({ attachments: [{ filename: 'x.bin', content: failing }] }));
    expect(outcome.error?.code).toBe('ESTREAM');
    expect(outcome.error?.message).toContain('attachment source went away');
    expect(srv.messages).toEqual([]);
  });

  it('verify() works with dkim configured', async () => {
    const srv = await start();
    await expect(createTransport({ host: srv.host, port: srv.port, dkim: [RSA(), ED()], ...SIGNING_TIMEOUTS }).verify()).resolves.toBe(true);
  });

  it.each([
    ['a bad selector', (): DkimOptions => ({ ...RSA(), keySelector: 'bad selector' }), /dkim\[0\]\.keySelector/],
    ['a garbage key', (): DkimOptions => ({ ...RSA(), privateKey: '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----' }), /dkim\[0\]\.privateKey/],
    ['a 512-bit RSA key', (): DkimOptions => ({ ...RSA(), privateKey: generateKeyPairSync('rsa', { modulusLength: 512 }).privateKey }), /1024/],
    ['From in skipFields', (): DkimOptions => ({ ...RSA(), skipFields: 'From' }), /skipFields/],
  ])('%s is ECONFIG at createTransport, never quoting the key', (_what, options, why) => {
    let thrown: unknown;
    try {
      createTransport({ host: 'localhost', dkim: [options()] });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(SmtpError);
    expect(thrown).toMatchObject({ code: 'ECONFIG' });
    expect((thrown as SmtpError).message).toMatch(why);
    expect((thrown as SmtpError).message).not.toContain('c2VjcmV0');
    expect((thrown as SmtpError).message).not.toContain('PRIVATE KEY');
  });
});

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('the DKIM send path', () => {
  it.each([
    ['strings and Buffers', {}, true],
    ['a file attachment', { attachments: [{ path: '/nonexistent/but/never/opened.txt' }] }, true],
    ['a data: URL attachment', { attachments: [{ href: 'data:text/plain;base64,aGk=' }] }, true],
    ['a Readable attachment', { attachments: [{ filename: 'a.txt', content: Readable.from(['x']) }] }, false],
    ['a Readable text', { text: Readable.from(['x']) }, false],
    ['an http attachment (fetched again, may differ)', { attachments: [{ path: 'http://127.0.0.1:9/x.txt' }] }, false],
    ['an https html href', { html: { href: 'https://127.0.0.1:9/x.html' } }, false],
  ] as Array<[string, Partial<MailMessage>, boolean]>)('a message with %s is recomposable: %s', (_what, overrides, expected) => {
    expect(prepareMessage(richMessage(overrides)).isRecomposable).toBe(expected);
  });

  it('a raw message is recomposable unless it is a stream or a URL', () => {
    const envelope = { from: 'a@example.com', to: ['b@example.net'] };
    expect(prepareMessage({ raw: 'From: a@example.com\r\n\r\nhi\r\n', envelope }).isRecomposable).toBe(true);
    expect(prepareMessage({ raw: Readable.from(['From: a@example.com\r\n\r\nhi\r\n']), envelope }).isRecomposable).toBe(false);
    expect(prepareMessage({ raw: { href: 'http://127.0.0.1:9/m.eml' }, envelope }).isRecomposable).toBe(false);
  });

  /** A prepared message whose compose() calls are counted. */
  function counted(message: MailMessage): { prepared: PreparedMessage; calls: () => number } {
    const prepared = prepareMessage(message);
    let calls = 0;
    const compose = prepared.compose.bind(prepared);
    return { prepared: { ...prepared, compose: (options) => (calls++, compose(options)) }, calls: () => calls };
  }

  it('composes a recomposable message twice, storing nothing', async () => {
    const { prepared, calls } = counted(richMessage());
    expect(await verify(await collect(createSignedBody(prepared, {}, [RSA(), ED()])))).toEqual(['pass', 'pass']);
    expect(calls()).toBe(2);
  });

  it('composes nothing until the signed stream is read, and nothing at all when it is destroyed unread', async () => {
    const { prepared, calls } = counted(richMessage());
    const unread = createSignedBody(prepared, {}, [ED()]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls()).toBe(0);
    unread.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls()).toBe(0);
    expect(await verify(await collect(createSignedBody(prepared, {}, [ED()])))).toEqual(['pass']);
    expect(calls()).toBe(2);
  });

  it('composes a message with a Readable once, spooling it', async () => {
    const { prepared, calls } = counted(richMessage({ attachments: [{ filename: 'a.bin', content: Readable.from([randomBytes(2000)]) }] }));
    expect(await verify(await collect(createSignedBody(prepared, {}, [ED()])))).toEqual(['pass']);
    expect(calls()).toBe(1);
  });

  it('errors the stream with the signer\'s SmtpError', async () => {
    const prepared = prepareMessage({ raw: 'Subject: x\r\n\r\nhi\r\n', envelope: { from: 'a@example.com', to: ['b@example.net'] } });
    await expect(collect(createSignedBody(prepared, {}, [RSA()]))).rejects.toMatchObject({ code: 'EMESSAGE' });
  });

  it('signs chunks held in memory without streams', async () => {
    const chunks = [Buffer.from('From: a@example.com\r\nSubject: hi\r\n'), Buffer.from('\r\nbody\r\n.line\r\n')];
    const signed = signChunks(chunks, [RSA(), ED()]);
    expect(signed.slice(1)).toEqual(chunks);
    expect(await verify(Buffer.concat(signed))).toEqual(['pass', 'pass']);
  });
});
