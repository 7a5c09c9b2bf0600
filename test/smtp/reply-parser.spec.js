import { describe, it, expect } from '@jest/globals';
import { ReplyParser, MAX_REPLY_LINE_BYTES } from '../../lib/smtp/reply-parser.js';
import { SmtpError } from '../../lib/core/errors.js';
import { seededRandom } from '../helpers/random.js';
function parseAll(input, splitEvery = 0) {
    const parser = new ReplyParser();
    const bytes = Buffer.from(input);
    if (!splitEvery)
        return parser.push(bytes);
    const replies = [];
    for (let i = 0; i < bytes.length; i += splitEvery)
        replies.push(...parser.push(bytes.subarray(i, i + splitEvery)));
    return replies;
}
function protocolErrorOf(fn) {
    try {
        fn();
    }
    catch (err) {
        return err;
    }
    throw new Error('expected an error');
}
describe('reply-parser', () => {
    it('parses a single-line reply with an enhanced status code', () => {
        const [reply] = parseAll('550 5.1.1 No such user\r\n');
        expect(reply).toEqual({ code: 550, enhancedStatus: '5.1.1', lines: ['No such user'], raw: '550 5.1.1 No such user' });
    });
    it('parses multi-line replies split at every byte', () => {
        const input = '250-mx.test greets you\r\n250-PIPELINING\r\n250 SIZE 1000\r\n220 ready\r\n';
        for (const split of [0, 1, 2, 3, 7]) {
            const replies = parseAll(input, split);
            expect(replies.map((reply) => reply.code)).toEqual([250, 220]);
            expect(replies[0].lines).toEqual(['mx.test greets you', 'PIPELINING', 'SIZE 1000']);
        }
    });
    it('accepts a bare code and bare LF line endings', () => {
        expect(parseAll('250\n354 go\n').map((reply) => [reply.code, reply.lines])).toEqual([[250, ['']], [354, ['go']]]);
    });
    it('ignores an enhanced status whose class does not match the reply', () => {
        const [reply] = parseAll('250 5.0.0 odd\r\n');
        expect(reply.enhancedStatus).toBeUndefined();
        expect(reply.lines).toEqual(['5.0.0 odd']);
    });
    it('refuses garbage with EPROTOCOL', () => {
        for (const input of ['HTTP/1.1 400 Bad\r\n', '2500 x\r\n', '150 x\r\n', '250_x\r\n', '\r\n']) {
            expect(protocolErrorOf(() => parseAll(input)).code).toBe('EPROTOCOL');
        }
    });
    it('refuses a code change inside a multi-line reply', () => {
        expect(protocolErrorOf(() => parseAll('250-a\r\n251 b\r\n')).code).toBe('EPROTOCOL');
    });
    it('refuses a line over the cap even before its LF arrives', () => {
        const parser = new ReplyParser();
        parser.push(Buffer.from('250 '));
        const err = protocolErrorOf(() => parser.push(Buffer.alloc(MAX_REPLY_LINE_BYTES, 0x61)));
        expect(err.code).toBe('EPROTOCOL');
    });
    it('refuses a reply over 100 lines', () => {
        const err = protocolErrorOf(() => parseAll('250-x\r\n'.repeat(101)));
        expect(err).toBeInstanceOf(SmtpError);
        expect(err.code).toBe('EPROTOCOL');
    });
    it('refuses a reply over 32 KiB in fewer lines', () => {
        const line = `250-${'x'.repeat(8000)}\r\n`;
        expect(protocolErrorOf(() => parseAll(line.repeat(5))).code).toBe('EPROTOCOL');
    });
    it('is linear: a megabyte of one-byte chunks parses quickly', () => {
        const parser = new ReplyParser();
        const started = process.hrtime.bigint();
        for (let i = 0; i < 200; i += 1) {
            const chunk = Buffer.from(`250-${'y'.repeat(100)}\r\n250 ok\r\n`);
            for (const byte of chunk)
                parser.push(Buffer.from([byte]));
        }
        const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
        expect(elapsedMs).toBeLessThan(2000);
    });
    it('forgets buffered bytes on reset', () => {
        const parser = new ReplyParser();
        parser.push(Buffer.from('250-SMTPUTF8 INJECTED\r\n250-PART'));
        expect(parser.isMidReply).toBe(true);
        parser.reset();
        expect(parser.isMidReply).toBe(false);
        expect(parser.push(Buffer.from('220 fresh\r\n'))[0].lines).toEqual(['fresh']);
    });
});
describe('reply-parser on random input', () => {
    it('gives the same replies however the bytes are split, empty chunks included', () => {
        for (let seed = 1; seed <= 500; seed += 1) {
            const next = seededRandom(seed);
            const replies = Array.from({ length: 1 + Math.floor(next() * 4) }, () => {
                const code = String(200 + Math.floor(next() * 350));
                const lines = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, i) => `line ${i} ${'é'.repeat(Math.floor(next() * 3))}`);
                return lines.map((text, i) => `${code}${i === lines.length - 1 ? ' ' : '-'}${text}${next() < 0.5 ? '\r\n' : '\n'}`).join('');
            });
            const input = Buffer.from(replies.join(''));
            const whole = new ReplyParser().push(input);
            const parser = new ReplyParser();
            const pieces = [];
            let offset = 0;
            while (offset < input.length) {
                const size = Math.floor(next() * 6);
                pieces.push(...parser.push(input.subarray(offset, offset + size)));
                offset += size;
            }
            expect({ seed, replies: pieces }).toEqual({ seed, replies: whole });
            expect(whole).toHaveLength(replies.length);
        }
    });
});
//# sourceMappingURL=reply-parser.spec.js.map