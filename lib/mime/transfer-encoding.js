import { MAX_LINE_OCTETS } from '../core/limits.js';
/** One linear pass over the content. */
export function profileText(data) {
    let isAscii = true;
    let hasNul = false;
    let longestLine = 0;
    let line = 0;
    let qpOctets = 0;
    for (let i = 0; i < data.length; i++) {
        const byte = data[i];
        if (byte === 0x0d || byte === 0x0a) {
            if (line > longestLine)
                longestLine = line;
            line = 0;
            qpOctets += 1;
            continue;
        }
        line++;
        if (byte >= 0x80)
            isAscii = false;
        if (byte === 0)
            hasNul = true;
        qpOctets += (byte >= 0x21 && byte <= 0x7e && byte !== 0x3d) || byte === 0x20 || byte === 0x09 ? 1 : 3;
    }
    if (line > longestLine)
        longestLine = line;
    return { isAscii, hasNul, longestLine, qpOctets };
}
/**
 * Text known in full: `7bit` when it is ASCII with short lines; `8bit` when the server offers
 * 8BITMIME and lines are short; else `textEncoding` or whichever of QP and base64 is smaller.
 * Text from a stream, file or URL cannot be scanned first, so it is QP (or `textEncoding`).
 * Attachments are base64, the only encoding that keeps any byte sequence exact.
 */
export function chooseTransferEncoding(choice) {
    if (!choice.isText)
        return 'base64';
    if (choice.source.kind !== 'buffer')
        return choice.preferred ?? 'quoted-printable';
    const profile = profileText(choice.source.data);
    const shortLines = profile.longestLine <= MAX_LINE_OCTETS && !profile.hasNul;
    if (shortLines && profile.isAscii)
        return '7bit';
    if (choice.preferred)
        return choice.preferred;
    if (shortLines && choice.eightBitMime)
        return '8bit';
    return profile.qpOctets <= Math.ceil(choice.source.data.length / 3) * 4 ? 'quoted-printable' : 'base64';
}
//# sourceMappingURL=transfer-encoding.js.map