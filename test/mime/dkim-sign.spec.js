import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { MessageHasher } from '../../lib/mime/dkim/message-hasher.js';
import { signHeaders } from '../../lib/mime/dkim/sign-headers.js';
import { signMessageStream } from '../../lib/mime/dkim/sign-stream.js';
import { SmtpError } from '../../lib/core/errors.js';
function rsaKey() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { privateKey, txt: `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}` };
}
function ed25519Key() {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    // RFC 8463 §4: p= is the raw 32-byte public key, the tail of its SPKI encoding.
    const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
    return { privateKey, txt: `v=DKIM1; k=ed25519; p=${raw.toString('base64')}` };
}
let rsa;
let ed;
const records = new Map();
beforeAll(() => {
    rsa = rsaKey();
    ed = ed25519Key();
    records.set('rsa2024._domainkey.example.com', rsa.txt);
    records.set('ed2024._domainkey.example.org', ed.txt);
});
/** The only DNS the verifier sees: the test keys, no network. */
async function resolver(name, type) {
    const txt = records.get(name.toLowerCase());
    if (type !== 'TXT' || txt === undefined)
        throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return [[txt]];
}
async function verifyResults(message) {
    const verdict = await dkimVerify(typeof message === 'string' ? Buffer.from(message) : message, { resolver });
    return verdict.results.map((entry) => ({ result: entry.status.result, comment: entry.status.comment }));
}
async function verify(message) {
    return (await verifyResults(message)).map((entry) => entry.result);
}
const RSA_OPTIONS = () => ({ domainName: 'example.com', keySelector: 'rsa2024', privateKey: rsa.privateKey });
const ED_OPTIONS = () => ({ domainName: 'example.org', keySelector: 'ed2024', privateKey: ed.privateKey });
const ATTACHMENT = randomBytes(3000).toString('base64').replace(/.{76}/g, '$&\r\n');
/** A hand-built message: folded and encoded headers, 8-bit UTF-8 text, a base64 attachment, odd whitespace. */
const MESSAGE = [
    'From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <jorg@example.com>',
    'To: Alice <alice@example.net>,',
    '  Bob <bob@example.net>',
    'Subject: =?UTF-8?B?w5xiZXIgZGllIEdyw7zDn2U=?=',
    '\t=?UTF-8?B?IGFtIEFiZW5k?=',
    'Date: Mon, 01 Jan 2024 10:00:00 +0000',
    'Message-ID: <abc.123@example.com>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    'X-Long-Header: folded',
    '\twith a tab   and   runs   of spaces   ',
    'List-Unsubscribe: <mailto:unsub@example.com>',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Grüße aus Köln — ½ € 漢字   ',
    'trailing tab\t',
    '',
    '--b1',
    'Content-Type: application/octet-stream; name="data.bin"',
    'Content-Disposition: attachment; filename="data.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    ATTACHMENT,
    '--b1--',
    '',
    '',
].join('\r\n');
/** Signs with the unit pieces directly: hash the whole message, sign its header block, prepend. */
function sign(message, options, now) {
    const bytes = Buffer.from(message);
    const hasher = new MessageHasher();
    for (let i = 0; i < bytes.length; i += 1000)
        hasher.update(bytes.subarray(i, i + 1000));
    const { headerBlock, bodyHash } = hasher.digest();
    return Buffer.concat([Buffer.from(signHeaders(headerBlock, bodyHash, options, now)), bytes]);
}
async function collect(stream) {
    const chunks = [];
    for await (const chunk of stream)
        chunks.push(chunk);
    return Buffer.concat(chunks);
}
describe('dkim signing, verified by mailauth', () => {
    it('passes with an RSA-SHA256 key on a message with attachments, folded headers and non-ASCII content', async () => {
        const signed = sign(MESSAGE, [RSA_OPTIONS()]);
        expect(signed.toString().replace(/\r\n /g, ' ')).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example.com; +s=rsa2024;/);
        expect(await verify(signed)).toEqual(['pass']);
    });
    it('passes with an Ed25519-SHA256 key (RFC 8463)', async () => {
        const signed = sign(MESSAGE, [ED_OPTIONS()]);
        expect(signed.toString()).toContain('a=ed25519-sha256;');
        expect(await verify(signed)).toEqual(['pass']);
    });
    it('adds one passing signature per options entry', async () => {
        const signed = sign(MESSAGE, [RSA_OPTIONS(), ED_OPTIONS()]);
        expect(signed.toString().match(/^DKIM-Signature:/gm)).toHaveLength(2);
        expect(await verify(signed)).toEqual(['pass', 'pass']);
    });
    it('fails verification when the body is tampered with', async () => {
        const signed = sign(MESSAGE, [RSA_OPTIONS(), ED_OPTIONS()]).toString().replace('Grüße aus Köln', 'Grüße aus Bonn');
        // mailauth reports a body hash mismatch as "neutral" with this comment (RFC 6376 §6.1.3: the signature fails).
        const expected = { result: 'neutral', comment: 'body hash did not verify' };
        expect(await verifyResults(signed)).toEqual([expected, expected]);
    });
    it('fails verification when a signed header is changed, passes when an unsigned one is added', async () => {
        const signed = sign(MESSAGE, [RSA_OPTIONS()]).toString();
        expect(await verify(signed.replace('Message-ID: <abc.123@', 'Message-ID: <abc.124@'))).toEqual(['fail']);
        expect(await verify(signed.replace('MIME-Version: 1.0\r\n', 'MIME-Version: 1.0\r\nX-Added-Later: yes\r\n'))).toEqual(['pass']);
    });
    it('still passes after transit whitespace changes that relaxed canonicalization allows', async () => {
        const signed = sign(MESSAGE, [ED_OPTIONS()]).toString();
        const rewrapped = signed.replace('Date: Mon,', 'Date:   Mon,').replace('trailing tab\t', 'trailing tab   ').replace(/--b1--\r\n\r\n$/, '--b1--\r\n');
        expect(await verify(rewrapped)).toEqual(['pass']);
    });
    it('signs raw UTF-8 header fields (SMTPUTF8) as bytes', async () => {
        const message = 'From: Jörg <jörg@example.com>\r\nSubject: Grüße 漢字\r\n\r\nHallo\r\n';
        expect(await verify(sign(message, [RSA_OPTIONS(), ED_OPTIONS()]))).toEqual(['pass', 'pass']);
    });
    it('hashes bare LF and bare CR line breaks as the data stream will send them', async () => {
        const lf = MESSAGE.replace(/\r\n/g, '\n');
        const signed = sign(lf, [RSA_OPTIONS()]);
        const onTheWire = signed.toString().replace(/\r\n|\r|\n/g, '\r\n');
        expect(await verify(onTheWire)).toEqual(['pass']);
    });
    it('signs exactly headerFieldNames minus skipFields, always with From', async () => {
        const signed = sign(MESSAGE, [{ ...RSA_OPTIONS(), headerFieldNames: 'Subject:To:X-Long-Header:List-*', skipFields: 'list-unsubscribe' }]);
        const h = /h=([^;]+);/.exec(signed.toString().replace(/\r\n[ \t]/g, ' '))?.[1]?.replace(/\s/g, '');
        expect(h).toBe('from:to:subject:x-long-header');
        expect(await verify(signed)).toEqual(['pass']);
    });
    it('signs the default header set when present', async () => {
        const signed = sign(MESSAGE, [RSA_OPTIONS()]).toString();
        const h = /h=([^;]+);/.exec(signed.replace(/\r\n[ \t]/g, ' '))?.[1]?.replace(/\s/g, '');
        expect(h).toBe('from:to:subject:date:message-id:mime-version:content-type:list-unsubscribe');
    });
    it('folds the DKIM-Signature field into lines of at most 78 characters and sets t= from now', () => {
        const now = new Date('2024-05-06T07:08:09Z');
        const header = sign(MESSAGE, [RSA_OPTIONS()], now).toString().split('\r\n\r\n')[0] ?? '';
        const signatureLines = header.split('\r\n').slice(0, header.split('\r\n').findIndex((line) => line.startsWith('From:')));
        for (const line of signatureLines)
            expect(line.length).toBeLessThanOrEqual(78);
        expect(signatureLines.slice(1).every((line) => line.startsWith(' '))).toBe(true);
        expect(signatureLines.join('')).toContain(`t=${Math.floor(now.getTime() / 1000)};`);
    });
    it.each([
        ['a PEM string', () => rsa.privateKey.export({ type: 'pkcs1', format: 'pem' })],
        ['a PKCS#8 DER Buffer', () => rsa.privateKey.export({ type: 'pkcs8', format: 'der' })],
        ['a PKCS#1 DER Buffer', () => rsa.privateKey.export({ type: 'pkcs1', format: 'der' })],
    ])('takes the private key as %s', async (_form, key) => {
        expect(await verify(sign(MESSAGE, [{ ...RSA_OPTIONS(), privateKey: key() }]))).toEqual(['pass']);
    });
    it('is EMESSAGE for a message without From', () => {
        expect(() => sign('Subject: x\r\n\r\nbody\r\n', [RSA_OPTIONS()])).toThrow(expect.objectContaining({ code: 'EMESSAGE' }));
    });
});
/** The spool is removed asynchronously after the stream closes: poll briefly. */
async function waitForEmpty(dir) {
    for (let i = 0; i < 50 && (await readdir(dir)).length > 0; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await readdir(dir)).toEqual([]);
}
describe('signMessageStream', () => {
    let dir;
    beforeAll(async () => {
        dir = await mkdtemp(join(tmpdir(), 'dkim-spec-'));
    });
    afterEach(async () => {
        for (const entry of await readdir(dir))
            await rm(join(dir, entry), { recursive: true, force: true });
    });
    /** A one-shot source, in uneven chunks, that counts how often it is made. */
    function source(message) {
        let calls = 0;
        const bytes = Buffer.from(message);
        return {
            calls: () => calls,
            create: () => {
                calls += 1;
                const chunks = [];
                for (let i = 0, size = 1; i < bytes.length; i += size, size = (size * 7) % 5003 || 1)
                    chunks.push(bytes.subarray(i, i + size));
                return Readable.from(chunks, { objectMode: false });
            },
        };
    }
    it('composes twice when the source is reusable, storing nothing', async () => {
        const src = source(MESSAGE);
        const signed = await signMessageStream(src.create, [RSA_OPTIONS(), ED_OPTIONS()], { reusable: true, tmpDir: dir });
        expect(await verify(await collect(signed))).toEqual(['pass', 'pass']);
        expect(src.calls()).toBe(2);
        expect(await readdir(dir)).toEqual([]);
    });
    it('errors the stream with EMESSAGE, before it ends, when the second composition differs', async () => {
        let calls = 0;
        const create = () => Readable.from([Buffer.from(MESSAGE.replace('Köln', calls++ === 0 ? 'Köln' : 'Bonn'))], { objectMode: false });
        const signed = await signMessageStream(create, RSA_OPTIONS(), { reusable: true });
        let ended = false;
        signed.on('end', () => (ended = true));
        await expect(collect(signed)).rejects.toMatchObject({ code: 'EMESSAGE' });
        expect(ended).toBe(false);
    });
    it('spools a one-shot source in memory when it is small', async () => {
        const src = source(MESSAGE);
        const signed = await signMessageStream(src.create, ED_OPTIONS(), { reusable: false, tmpDir: dir });
        expect(await readdir(dir)).toEqual([]);
        expect(await verify(await collect(signed))).toEqual(['pass']);
        expect(src.calls()).toBe(1);
    });
    it('spools a large one-shot source to a private temporary file, removed once sent', async () => {
        const big = MESSAGE.replace(ATTACHMENT, randomBytes(600_000).toString('base64').replace(/.{76}/g, '$&\r\n'));
        const src = source(big);
        const signed = await signMessageStream(src.create, [RSA_OPTIONS()], { reusable: false, tmpDir: dir, memoryThresholdBytes: 64 * 1024 });
        const [spoolDir] = await readdir(dir);
        expect(spoolDir).toMatch(/^nestjs-smtp-dkim-/);
        const file = join(dir, spoolDir ?? '', 'message');
        expect((await stat(file)).size).toBe(Buffer.byteLength(big));
        expect((await stat(file)).mode & 0o777).toBe(0o600);
        const out = await collect(signed);
        expect(await verify(out)).toEqual(['pass']);
        await waitForEmpty(dir);
        expect(src.calls()).toBe(1);
    });
    it('removes the temporary file when the signed stream is destroyed unread', async () => {
        const big = MESSAGE.replace(ATTACHMENT, 'QUFB\r\n'.repeat(50_000));
        const signed = await signMessageStream(source(big).create, ED_OPTIONS(), { reusable: false, tmpDir: dir, memoryThresholdBytes: 1024 });
        expect(await readdir(dir)).toHaveLength(1);
        await new Promise((resolve) => signed.once('close', resolve).destroy());
        await waitForEmpty(dir);
    });
    it('rejects with ESTREAM and removes the spool when the source fails', async () => {
        const failing = () => new Readable({
            read() {
                this.push(Buffer.from(`${MESSAGE}${'x'.repeat(5000)}`));
                this.destroy(new Error('disk went away'));
            },
        });
        const err = await signMessageStream(failing, ED_OPTIONS(), { reusable: false, tmpDir: dir, memoryThresholdBytes: 1024 }).catch((e) => e);
        expect(err).toBeInstanceOf(SmtpError);
        expect(err).toMatchObject({ code: 'ESTREAM' });
        expect(err.message).toContain('disk went away');
        expect(await readdir(dir)).toEqual([]);
    });
    it('rejects with EMESSAGE when the message has no From field', async () => {
        await expect(signMessageStream(source('Subject: x\r\n\r\nhi\r\n').create, ED_OPTIONS(), { reusable: false })).rejects.toMatchObject({ code: 'EMESSAGE' });
    });
    it('returns the source itself when there is nothing to sign', async () => {
        const src = source(MESSAGE);
        const out = await collect(await signMessageStream(src.create, [], { reusable: true }));
        expect(out.toString()).toBe(MESSAGE);
        expect(src.calls()).toBe(1);
    });
});
//# sourceMappingURL=dkim-sign.spec.js.map