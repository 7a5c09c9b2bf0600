import { describe, it, expect } from '@jest/globals';
import { parseCapabilities, NO_CAPABILITIES } from '../../lib/smtp/capabilities.js';
import { ReplyParser } from '../../lib/smtp/reply-parser.js';
function ehloReply(text) {
    return new ReplyParser().push(Buffer.from(text))[0];
}
describe('capabilities', () => {
    it('reads the extensions of an EHLO reply', () => {
        const caps = parseCapabilities(ehloReply('250-mx.test\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-AUTH PLAIN login\r\n250-AUTH=CRAM-MD5\r\n250-DSN\r\n250-CHUNKING\r\n250-STARTTLS\r\n250 ENHANCEDSTATUSCODES\r\n'));
        expect(caps).toMatchObject({
            pipelining: true,
            eightBitMime: true,
            smtpUtf8: true,
            dsn: true,
            chunking: true,
            startTls: true,
            enhancedStatusCodes: true,
            maxSize: 1000,
        });
        expect(caps.authMechanisms).toEqual(['PLAIN', 'LOGIN', 'CRAM-MD5']);
    });
    it('treats SIZE without a number as no limit', () => {
        expect(parseCapabilities(ehloReply('250-mx\r\n250 SIZE\r\n')).maxSize).toBe(0);
        expect(parseCapabilities(ehloReply('250 mx\r\n')).maxSize).toBeUndefined();
    });
    it('offers nothing after HELO', () => {
        expect(NO_CAPABILITIES.pipelining).toBe(false);
        expect(NO_CAPABILITIES.authMechanisms).toEqual([]);
    });
});
//# sourceMappingURL=capabilities.spec.js.map