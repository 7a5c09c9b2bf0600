/** `data:` URLs (RFC 2397) decoded in one linear pass, with no regular expression over the payload. */
import { SmtpError } from '../core/errors.js';
function hexValue(code) {
    if (code >= 0x30 && code <= 0x39)
        return code - 0x30;
    if (code >= 0x41 && code <= 0x46)
        return code - 0x37;
    if (code >= 0x61 && code <= 0x66)
        return code - 0x57;
    return -1;
}
/** Percent-decoding to bytes; a `%` not followed by two hex digits stays literal (as WHATWG URL does). */
function percentDecode(text) {
    const bytes = Buffer.from(text, 'utf8');
    const out = Buffer.allocUnsafe(bytes.length);
    let length = 0;
    for (let i = 0; i < bytes.length; i++) {
        const high = bytes[i] === 0x25 && i + 2 < bytes.length ? hexValue(bytes[i + 1]) : -1;
        const low = high >= 0 ? hexValue(bytes[i + 2]) : -1;
        if (low >= 0) {
            out[length++] = high * 16 + low;
            i += 2;
        }
        else {
            out[length++] = bytes[i];
        }
    }
    return out.subarray(0, length);
}
/**
 * Decodes `data:[<mediatype>][;base64],<data>`.
 * @throws SmtpError EMESSAGE when there is no comma (not a data URL at all).
 */
export function parseDataUrl(url) {
    const comma = url.indexOf(',');
    if (comma < 0)
        throw new SmtpError('EMESSAGE', 'invalid data: URL (no comma before the data)');
    const meta = url.slice(5, comma);
    const isBase64 = meta.toLowerCase().endsWith(';base64');
    const mediaType = (isBase64 ? meta.slice(0, -7) : meta).trim();
    const payload = url.slice(comma + 1);
    const data = isBase64 ? Buffer.from(percentDecode(payload).toString('latin1'), 'base64') : percentDecode(payload);
    const contentType = mediaType.split(';')[0].trim();
    return /^[\w.+-]+\/[\w.+-]+$/.test(contentType) ? { contentType: contentType.toLowerCase(), data } : { data };
}
//# sourceMappingURL=data-url.js.map