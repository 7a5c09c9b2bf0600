import { describe, it, expect } from '@jest/globals';
import { composeMessage } from '../../lib/mime/compose.js';
import { readAll } from '../helpers/parse-mail.js';
const base = { from: 'a@example.com', to: 'b@example.com', subject: 's', text: 'body' };
async function composedOrError(message) {
    try {
        return await readAll(composeMessage(message).stream);
    }
    catch (err) {
        return err;
    }
}
describe('compose: no line over 998 octets (RFC 5322 §2.1.1)', () => {
    it('refuses an id or a URL too long to fold, rather than writing the line', async () => {
        const longId = `<${'x'.repeat(1200)}@example.com>`;
        for (const message of [
            { ...base, messageId: longId },
            { ...base, inReplyTo: longId },
            { ...base, list: { unsubscribe: `https://example.com/${'u'.repeat(1200)}` } },
        ]) {
            expect(await composedOrError(message)).toMatchObject({ code: 'EMESSAGE' });
        }
    });
    it('refuses content with a long line when the caller forces 7bit, 8bit or no encoding', async () => {
        for (const contentTransferEncoding of ['7bit', '8bit', false]) {
            const outcome = await composedOrError({ ...base, attachments: [{ filename: 'a.txt', content: 'z'.repeat(2000), contentTransferEncoding }] });
            expect(outcome).toMatchObject({ code: 'EMESSAGE' });
        }
    });
    it('keeps every line of an ordinary message within the limit', async () => {
        const bytes = await composedOrError({ ...base, text: 'w'.repeat(5000), messageId: `<${'i'.repeat(300)}@example.com>` });
        expect(Buffer.isBuffer(bytes)).toBe(true);
        const longest = Math.max(...bytes.toString('latin1').split('\r\n').map((line) => line.length));
        expect(longest).toBeLessThanOrEqual(998);
    });
});
//# sourceMappingURL=line-limits.spec.js.map