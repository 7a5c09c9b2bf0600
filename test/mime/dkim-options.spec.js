import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { resolveDkimSigner, validateDkimOptions } from '../../lib/mime/dkim/dkim-options.js';
import { createBodyHasher } from '../../lib/mime/dkim/body-hash.js';
import { DkimHashingStream } from '../../lib/mime/dkim/message-hasher.js';
import { SmtpError } from '../../lib/core/errors.js';
const ed = generateKeyPairSync('ed25519');
const PEM = ed.privateKey.export({ type: 'pkcs8', format: 'pem' });
const valid = () => ({ domainName: 'example.com', keySelector: 'mail', privateKey: PEM });
function configError(options) {
    try {
        validateDkimOptions(options);
    }
    catch (err) {
        return err;
    }
    throw new Error('expected ECONFIG');
}
describe('dkim options', () => {
    it('accepts one options object or an array of them', () => {
        expect(() => validateDkimOptions(valid())).not.toThrow();
        expect(() => validateDkimOptions([valid(), { ...valid(), keySelector: '2024.mail-a' }])).not.toThrow();
        expect(() => validateDkimOptions([])).not.toThrow();
    });
    it('picks the algorithm from the key', () => {
        const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
        expect(resolveDkimSigner({ ...valid(), privateKey: rsa }).algorithm).toBe('rsa-sha256');
        expect(resolveDkimSigner(valid()).algorithm).toBe('ed25519-sha256');
    });
    it('signs IDN domains in A-label form and always includes From', () => {
        const signer = resolveDkimSigner({ ...valid(), domainName: 'Bücher.example', headerFieldNames: 'Subject:To' });
        expect(signer.domain).toBe('xn--bcher-kva.example');
        expect(signer.include).toEqual(['from', 'subject', 'to']);
    });
    it.each([
        ['a missing domain', { ...valid(), domainName: '' }, 'dkim.domainName'],
        ['a domain with a space', { ...valid(), domainName: 'exa mple.com' }, 'dkim.domainName'],
        ['a selector with a slash', { ...valid(), keySelector: 'a/b' }, 'dkim.keySelector'],
        ['a selector that is not a string', { ...valid(), keySelector: 5 }, 'dkim.keySelector'],
        ['a key that is not a key', { ...valid(), privateKey: '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----' }, 'dkim.privateKey'],
        ['a public key', { ...valid(), privateKey: ed.publicKey }, 'dkim.privateKey'],
        ['an EC key', { ...valid(), privateKey: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey }, 'ec key'],
        ['a 512-bit RSA key', { ...valid(), privateKey: generateKeyPairSync('rsa', { modulusLength: 512 }).privateKey }, 'at least 1024 bits'],
        ['a header name with a space', { ...valid(), headerFieldNames: 'From:Sub ject' }, 'dkim.headerFieldNames'],
        ['From in skipFields', { ...valid(), skipFields: 'Subject:from' }, 'dkim.skipFields'],
        ['a non-object', 'example.com', 'dkim.options'],
    ])('is ECONFIG for %s', (_name, options, where) => {
        const err = configError(options);
        expect(err).toBeInstanceOf(SmtpError);
        expect(err.code).toBe('ECONFIG');
        expect(err.message).toContain(where);
        expect(err.message).not.toContain('c2VjcmV0LWtleS1tYXRlcmlhbA');
    });
    it('names the array entry at fault', () => {
        expect(configError([valid(), { ...valid(), keySelector: '' }]).message).toContain('dkim[1].keySelector');
    });
});
describe('DkimHashingStream', () => {
    it('passes bytes through unchanged and reports the header block and body hash', async () => {
        const message = 'From: a@example.com\r\nSubject: s\r\n\r\nbody  \r\n\r\n';
        const stream = new DkimHashingStream();
        const out = [];
        await pipeline(Readable.from([message.slice(0, 10), message.slice(10, 35), message.slice(35)].map((part) => Buffer.from(part)), { objectMode: false }), stream, new Writable({
            write(chunk, _encoding, callback) {
                out.push(chunk);
                callback();
            },
        }));
        const expected = createBodyHasher();
        expected.update(Buffer.from('body\r\n'));
        expect(Buffer.concat(out).toString()).toBe(message);
        expect(stream.result()).toEqual({ headerBlock: Buffer.from('From: a@example.com\r\nSubject: s\r\n'), bodyHash: expected.digest() });
    });
});
//# sourceMappingURL=dkim-options.spec.js.map