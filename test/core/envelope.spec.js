import { describe, it, expect } from '@jest/globals';
import { formatEnvelopeAddress, parseEnvelopeAddress, validateEnvelope } from '../../lib/core/envelope.js';
import { MAX_RECIPIENTS } from '../../lib/core/limits.js';
import { assertCommandSafe, mailFrom, rcptTo } from '../../lib/smtp/commands.js';
import { seededRandom } from '../helpers/random.js';
function codeOf(fn) {
    try {
        fn();
        return undefined;
    }
    catch (err) {
        return err.code;
    }
}
describe('envelope', () => {
    it('accepts ordinary, quoted, internationalised and literal addresses', () => {
        for (const address of ['a@example.com', 'first.last+tag@sub.example.co', '"john doe"@example.com', 'jöran@bücher.example', 'x@[192.0.2.1]']) {
            expect(codeOf(() => parseEnvelopeAddress(address))).toBeUndefined();
        }
        expect(parseEnvelopeAddress('a@bücher.example').asciiDomain).toBe('xn--bcher-kva.example');
        expect(formatEnvelopeAddress('a@bücher.example', false)).toBe('a@xn--bcher-kva.example');
        expect(formatEnvelopeAddress('a@bücher.example', true)).toBe('a@bücher.example');
        expect(codeOf(() => formatEnvelopeAddress('jöran@example.com', false))).toBe('EENVELOPE');
    });
    it('refuses what is not a mailbox', () => {
        for (const address of ['', 'plain', '@example.com', 'a@', 'a b@example.com', 'a@exa mple.com', '<a@b.c>', 'a@b.c>', '-x@example.com', '"a>b"@example.com', '"a\\> ORCPT=rfc822;x@evil"@test.com', '"a\\<b"@example.com', 'a..b@example.com', 'a@-bad-.com']) {
            expect({ address, code: codeOf(() => parseEnvelopeAddress(address)) }).toEqual({ address, code: 'EENVELOPE' });
        }
    });
    it('validates whole envelopes, with the recipient cap', () => {
        expect(codeOf(() => validateEnvelope({ from: 'a@b.c', to: [] }))).toBe('EENVELOPE');
        expect(codeOf(() => validateEnvelope({ from: '', to: ['x@y.z'] }))).toBeUndefined();
        const tooMany = Array.from({ length: MAX_RECIPIENTS + 1 }, (_, i) => `r${i}@example.com`);
        expect(codeOf(() => validateEnvelope({ from: 'a@b.c', to: tooMany }))).toBe('EENVELOPE');
    });
    it('never lets an accepted address break a command line (random input)', () => {
        const alphabet = ['a', 'b', '.', '@', '"', '\\', ' ', '<', '>', '\r', '\n', '\u0000', '\u2028', 'é', '-', '(', ')', ',', ':', '[', ']', '1'];
        let accepted = 0;
        for (let seed = 1; seed <= 3000; seed += 1) {
            const next = seededRandom(seed);
            const address = Array.from({ length: 1 + Math.floor(next() * 14) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
            if (codeOf(() => parseEnvelopeAddress(address)) !== undefined)
                continue;
            accepted += 1;
            const wire = formatEnvelopeAddress(address, true);
            expect(() => assertCommandSafe(mailFrom(wire))).not.toThrow();
            expect(() => assertCommandSafe(rcptTo(wire))).not.toThrow();
            // The path is one token: nothing in it can close the brackets or start a parameter.
            expect(/[<>\s]/.test(wire.replace(/"[^"]*"/g, ''))).toBe(false);
        }
        expect(accepted).toBeGreaterThan(0);
    });
});
//# sourceMappingURL=envelope.spec.js.map