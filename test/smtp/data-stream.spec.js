import { describe, it, expect } from '@jest/globals';
import { Readable } from 'node:stream';
import { DataStreamEncoder } from '../../lib/smtp/data-stream.js';
import { seededRandom } from '../helpers/random.js';
async function encode(chunks, options = { dotStuff: true }) {
    const encoder = new DataStreamEncoder(options);
    Readable.from(chunks).pipe(encoder);
    const out = [];
    for await (const chunk of encoder)
        out.push(chunk);
    return { text: Buffer.concat(out).toString('latin1'), bytes: encoder.bytes };
}
function splitAt(input, ...offsets) {
    const bytes = Buffer.from(input, 'latin1');
    const points = [0, ...offsets, bytes.length];
    return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}
describe('data-stream', () => {
    const cases = [
        ['a\r\nb', 'a\r\nb\r\n', true],
        ['a\nb\n', 'a\r\nb\r\n', true],
        ['a\rb', 'a\r\nb\r\n', true],
        ['a\r\r\nb', 'a\r\n\r\nb\r\n', true],
        ['.a\n.\n..b', '..a\r\n..\r\n...b\r\n', true],
        ['a\n.\nMAIL FROM:<x@y>\nb', 'a\r\n..\r\nMAIL FROM:<x@y>\r\nb\r\n', true],
        ['a\r.\rb', 'a\r\n..\r\nb\r\n', true],
        ['a\r\n.\rb', 'a\r\n..\r\nb\r\n', true],
        ['.a\n.\n', '.a\r\n.\r\n', false],
        ['', '', true],
    ];
    it('normalises line endings and dot-stuffs, with the input split at every offset', async () => {
        for (const [input, expected, dotStuff] of cases) {
            expect((await encode([Buffer.from(input, 'latin1')], { dotStuff })).text).toBe(expected);
            for (let first = 1; first < input.length; first += 1) {
                for (let second = first + 1; second < input.length; second += 1) {
                    const result = await encode(splitAt(input, first, second), { dotStuff });
                    expect(result.text).toBe(expected);
                }
            }
        }
    });
    it('counts the bytes it emits', async () => {
        const result = await encode([Buffer.from('.x\ny')]);
        expect(result.bytes).toBe(Buffer.byteLength(result.text));
    });
});
describe('data-stream against a reference', () => {
    /** The whole input at once: every line ending to CRLF, then a dot doubled at each line start. */
    function reference(input, dotStuff) {
        if (input === '')
            return '';
        let text = input.replace(/\r\n|\r|\n/g, '\r\n');
        if (!text.endsWith('\r\n'))
            text += '\r\n';
        return dotStuff ? text.replace(/^\./gm, '..') : text;
    }
    it('matches the reference for random inputs of CR, LF, dots and text split at random points, empty chunks included', async () => {
        const alphabet = ['\r', '\n', '.', 'a', 'b', ' '];
        for (let seed = 1; seed <= 1000; seed += 1) {
            const next = seededRandom(seed);
            const input = Array.from({ length: Math.floor(next() * 40) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
            const cuts = Array.from({ length: 4 }, () => Math.floor(next() * (input.length + 1))).sort((a, b) => a - b);
            for (const dotStuff of [true, false]) {
                const result = await encode(splitAt(input, ...cuts), { dotStuff });
                expect({ seed, dotStuff, output: result.text }).toEqual({ seed, dotStuff, output: reference(input, dotStuff) });
                // Whatever the input, nothing on the wire can end DATA early: no bare CR or LF survives.
                expect(/\r(?!\n)|(?<!\r)\n/.test(result.text)).toBe(false);
            }
        }
    });
});
//# sourceMappingURL=data-stream.spec.js.map