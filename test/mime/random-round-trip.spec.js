import { describe, it, expect } from '@jest/globals';
import { composeMessage } from '../../lib/mime/compose.js';
import { lf, parseMail } from '../helpers/parse-mail.js';
import { seededRandom } from '../helpers/random.js';
/** Pieces chosen to stress encoders: ASCII, dots and spaces at line starts, accents, CJK, RTL, emoji, line breaks. */
const PIECES = ['a', 'Z', ' ', '.', '=', '?', '_', '"', '\\', ',', '<', ';', ':', '@', 'é', 'ü', 'ж', '中文', 'مرحبا', '😀', '👩‍💻', '\n', '\r\n', '\t', '=?utf-8?q?x?='];
function text(next, maxPieces) {
    return Array.from({ length: Math.floor(next() * maxPieces) }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
}
describe('compose: random round trips through mailparser', () => {
    it('reads back subject, text, names and attachments exactly, for random content', async () => {
        for (let seed = 1; seed <= 400; seed += 1) {
            const next = seededRandom(seed);
            const subject = text(next, 30).replace(/[\r\n\t]/g, ' ').trim() || 'x';
            const body = text(next, 400) + (next() < 0.3 ? 'y'.repeat(1200 + Math.floor(next() * 3000)) : '');
            const name = text(next, 8).replace(/[\r\n\t]/g, " ").trim();
            const filename = `${text(next, 6).replace(/[\r\n\t/\\]/g, '_') || 'f'}.bin`;
            const content = Buffer.from(Array.from({ length: Math.floor(next() * 2000) }, () => Math.floor(next() * 256)));
            const smtputf8 = next() < 0.3;
            const { stream } = composeMessage({
                from: { name, address: 'sender@example.com' },
                to: 'rcpt@example.com',
                subject,
                text: body,
                attachments: [{ filename, content }],
            }, undefined, { smtputf8, eightBitMime: next() < 0.5 });
            const parsed = await parseMail(stream);
            const context = { seed, smtputf8 };
            expect({ ...context, subject: parsed.subject }).toEqual({ ...context, subject });
            expect({ ...context, text: lf(parsed.text ?? '').replace(/\n$/, '') }).toEqual({ ...context, text: lf(body).replace(/\n$/, '') });
            expect({ ...context, name: parsed.from?.value[0]?.name ?? '' }).toEqual({ ...context, name });
            expect({ ...context, filename: parsed.attachments[0]?.filename }).toEqual({ ...context, filename });
            expect(parsed.attachments[0]?.content.equals(content)).toBe(true);
        }
    });
});
//# sourceMappingURL=random-round-trip.spec.js.map