import { describe, it, expect } from '@jest/globals';
import { assertCommandSafe, encodeXtext, mailFrom, rcptTo, resolveDsn, bdat } from '../../lib/smtp/commands.js';
describe('commands', () => {
    it('builds MAIL FROM with the parameters the server offers', () => {
        expect(mailFrom('a@x.test')).toBe('MAIL FROM:<a@x.test>');
        expect(mailFrom('', { size: 10 })).toBe('MAIL FROM:<> SIZE=10');
        expect(mailFrom('a@x.test', { body8bit: true, smtpUtf8: true, size: 5, dsnReturn: 'HDRS', dsnEnvelopeId: 'id 1+' })).toBe('MAIL FROM:<a@x.test> BODY=8BITMIME SMTPUTF8 SIZE=5 RET=HDRS ENVID=id+201+2B');
    });
    it('builds RCPT TO with DSN parameters', () => {
        expect(rcptTo('b@x.test')).toBe('RCPT TO:<b@x.test>');
        expect(rcptTo('b@x.test', { notify: 'SUCCESS,FAILURE', originalRecipient: 'b@x.test' })).toBe('RCPT TO:<b@x.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@x.test');
    });
    it('builds BDAT lines', () => {
        expect(bdat(10, false)).toBe('BDAT 10');
        expect(bdat(0, true)).toBe('BDAT 0 LAST');
    });
    it('xtext-encodes plus, equals, controls and non-ASCII', () => {
        expect(encodeXtext('a+b=c d\u00e9')).toBe('a+2Bb+3Dc+20d+C3+A9');
    });
    it('refuses command lines with controls at the write boundary', () => {
        for (const line of ['RCPT TO:<a@b>\r\nRSET', 'X\nY', 'X\u0000', 'X\u2028Y']) {
            expect(() => assertCommandSafe(line)).toThrow(expect.objectContaining({ code: 'EPROTOCOL' }));
        }
        expect(() => assertCommandSafe('MAIL FROM:<a@b.c>')).not.toThrow();
    });
    it('B19 refuses bad DSN options and xtext-encodes a valid id', () => {
        expect(() => resolveDsn({ id: 'a\r\nb' })).toThrow(expect.objectContaining({ code: 'EENVELOPE' }));
        expect(() => resolveDsn({ return: 'X' })).toThrow(expect.objectContaining({ code: 'EENVELOPE' }));
        expect(() => resolveDsn({ notify: ['never', 'success'] })).toThrow(expect.objectContaining({ code: 'EENVELOPE' }));
        expect(resolveDsn({ id: 'msg=1', return: 'headers', notify: ['success', 'failure'], recipient: 'a@b.c' })).toEqual({
            envelopeId: 'msg=1',
            ret: 'HDRS',
            notify: 'SUCCESS,FAILURE',
            originalRecipient: 'a@b.c',
        });
        expect(mailFrom('a@b.c', { dsnEnvelopeId: 'msg=1' })).toContain('ENVID=msg+3D1');
    });
});
//# sourceMappingURL=commands.spec.js.map