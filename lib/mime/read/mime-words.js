/** Decoding of header values for reading composed mail back: RFC 2047 encoded words, RFC 2231 parameters. */
const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
const ENCODED_WORD_RUN = /=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=(?:\s+=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)*/g;
/** Bytes in a charset to text; an unknown charset reads as UTF-8. */
export function decodeCharset(bytes, charset = 'utf-8') {
    // RFC 2231 §5 allows a language suffix on the charset of an encoded word: `utf-8*en`.
    const name = charset.split('*')[0].trim().toLowerCase() || 'utf-8';
    try {
        return new TextDecoder(name === 'us-ascii' ? 'utf-8' : name).decode(bytes);
    }
    catch {
        return bytes.toString('utf8');
    }
}
/** Q encoding (RFC 2047 §4.2): `_` is a space, `=XX` a byte. */
function decodeQ(text) {
    return decodeQuotedBytes(text.replace(/_/g, ' '));
}
/** `=XX` escapes to bytes, everything else as Latin-1 (one byte each). */
export function decodeQuotedBytes(text) {
    const bytes = [];
    for (let i = 0; i < text.length; i++) {
        const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : '';
        if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
            bytes.push(parseInt(hex, 16));
            i += 2;
        }
        else {
            bytes.push(text.charCodeAt(i) & 0xff);
        }
    }
    return Buffer.from(bytes);
}
/**
 * Decodes the encoded words of a header value (RFC 2047). Adjacent words lose the white space between them
 * (§6.2), and their bytes are joined before decoding, since some encoders split a character across words.
 */
export function decodeWords(value) {
    return value.replace(ENCODED_WORD_RUN, (run) => {
        let text = '';
        let pending = [];
        let pendingCharset = '';
        const flush = () => {
            if (pending.length)
                text += decodeCharset(Buffer.concat(pending), pendingCharset);
            pending = [];
        };
        for (const [, charset, encoding, payload] of run.matchAll(ENCODED_WORD)) {
            if (charset.toLowerCase() !== pendingCharset)
                flush();
            pendingCharset = charset.toLowerCase();
            pending.push(encoding.toUpperCase() === 'B' ? Buffer.from(payload, 'base64') : decodeQ(payload));
        }
        flush();
        return text;
    });
}
/** Splits on `separator` outside double quotes, angle brackets and comments. */
export function splitOutside(value, separator) {
    const pieces = [];
    let current = '';
    let quoted = false;
    let depth = 0;
    for (let i = 0; i < value.length; i++) {
        const ch = value[i];
        if (quoted && ch === '\\') {
            current += ch + (value[i + 1] ?? '');
            i++;
            continue;
        }
        if (ch === '"')
            quoted = !quoted;
        else if (!quoted && (ch === '<' || ch === '('))
            depth++;
        else if (!quoted && (ch === '>' || ch === ')'))
            depth = Math.max(0, depth - 1);
        if (ch === separator && !quoted && depth === 0) {
            pieces.push(current);
            current = '';
        }
        else {
            current += ch;
        }
    }
    pieces.push(current);
    return pieces;
}
function unquote(value) {
    const trimmed = value.trim();
    if (trimmed.length < 2 || !trimmed.startsWith('"') || !trimmed.endsWith('"'))
        return trimmed;
    return trimmed.slice(1, -1).replace(/\\(.)/g, '$1');
}
/** Parses a Content-Type or Content-Disposition value, joining and decoding RFC 2231 continuations. */
export function parseStructured(header) {
    const [main, ...rest] = splitOutside(header, ';');
    const segments = new Map();
    for (const piece of rest) {
        const eq = piece.indexOf('=');
        if (eq < 0)
            continue;
        const key = piece.slice(0, eq).trim().toLowerCase();
        const match = /^([^*]+)(?:\*(\d+))?(\*)?$/.exec(key);
        if (!match)
            continue;
        const list = segments.get(match[1]) ?? [];
        list.push({ index: Number(match[2] ?? 0), encoded: match[3] === '*', text: unquote(piece.slice(eq + 1)) });
        segments.set(match[1], list);
    }
    const params = {};
    for (const [name, list] of segments)
        params[name] = joinSegments(list.sort((a, b) => a.index - b.index));
    return { value: (main ?? '').trim().toLowerCase(), params };
}
/** RFC 2231 §3-4: `charset'language'%XX...` on the first encoded segment, percent-escapes on every encoded one. */
function joinSegments(list) {
    if (!list.some((segment) => segment.encoded))
        return decodeWords(list.map((segment) => segment.text).join(''));
    let charset = 'utf-8';
    const bytes = list.map((segment, i) => {
        let text = segment.text;
        if (segment.encoded && i === 0) {
            const parts = text.split("'");
            if (parts.length >= 3) {
                charset = parts[0] || charset;
                text = parts.slice(2).join("'");
            }
        }
        return segment.encoded ? decodeQuotedBytes(text.replace(/%/g, '=')) : Buffer.from(text, 'latin1');
    });
    return decodeCharset(Buffer.concat(bytes), charset);
}
/** The bare addresses of an address-list header (`"Ann" <a@x.test>, b@y.test` to `['a@x.test', 'b@y.test']`). */
export function parseAddressList(value) {
    if (!value)
        return [];
    const addresses = [];
    for (let piece of splitOutside(value, ',')) {
        // A group (`team: a@x.test, b@y.test;`) contributes its members.
        const colon = splitOutside(piece, ':');
        if (colon.length > 1)
            piece = colon.slice(1).join(':');
        piece = piece.replace(/;\s*$/, '');
        const angle = /<([^>]*)>/.exec(piece);
        const address = (angle ? angle[1] : piece.replace(/\([^)]*\)/g, '')).trim();
        if (address)
            addresses.push(address);
    }
    return addresses;
}
//# sourceMappingURL=mime-words.js.map