/** RFC 2047 encoded words for non-ASCII or unsafe header text, split on whole characters. */
/**
 * Longest encoded word we produce. RFC 2047 §2 allows 75; 60 keeps `Header-Name: =?...?=` within the
 * 78-character line of RFC 5322 §2.1.1 for the usual header names.
 */
const MAX_WORD_CHARS = 60;
const PREFIX_Q = '=?UTF-8?Q?';
const PREFIX_B = '=?UTF-8?B?';
const SUFFIX = '?=';
const PAYLOAD_CHARS = MAX_WORD_CHARS - PREFIX_Q.length - SUFFIX.length;
/** Base64 payload of at most PAYLOAD_CHARS characters: whole 3-byte groups only. */
const B_PAYLOAD_BYTES = Math.floor(PAYLOAD_CHARS / 4) * 3;
/**
 * Bytes that may stay literal in a Q-encoded word. The phrase rule of RFC 2047 §5(3) is the strictest
 * of the three contexts, so words built with it are valid in Subject, comments and display names alike.
 */
function isQLiteral(byte) {
    return ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) ||
        byte === 0x21 || byte === 0x2a || byte === 0x2b || byte === 0x2d || byte === 0x2f);
}
function qLength(bytes) {
    let length = 0;
    for (const byte of bytes)
        length += isQLiteral(byte) || byte === 0x20 ? 1 : 3;
    return length;
}
function qEncode(bytes) {
    let out = '';
    for (const byte of bytes) {
        if (byte === 0x20)
            out += '_';
        else if (isQLiteral(byte))
            out += String.fromCharCode(byte);
        else
            out += `=${byte < 16 ? '0' : ''}${byte.toString(16).toUpperCase()}`;
    }
    return out;
}
/**
 * Encodes text as a list of encoded words (join them with a space: RFC 2047 §6.2 drops whitespace
 * between adjacent encoded words, so the decoded text is exactly `text`). Q or B is chosen by which
 * is shorter for this text. A word never ends inside a UTF-8 sequence or a surrogate pair (§5: each
 * encoded word must be a whole number of characters).
 */
export function encodeWords(text) {
    if (text === '')
        return [];
    const all = Buffer.from(text, 'utf8');
    const useQ = qLength(all) <= Math.ceil(all.length / 3) * 4;
    const words = [];
    let chunk = [];
    let size = 0;
    const flush = () => {
        const bytes = Buffer.concat(chunk);
        words.push(useQ ? `${PREFIX_Q}${qEncode(bytes)}${SUFFIX}` : `${PREFIX_B}${bytes.toString('base64')}${SUFFIX}`);
        chunk = [];
        size = 0;
    };
    for (const char of text) {
        const bytes = Buffer.from(char, 'utf8');
        const cost = useQ ? qLength(bytes) : bytes.length;
        const limit = useQ ? PAYLOAD_CHARS : B_PAYLOAD_BYTES;
        if (size + cost > limit && size > 0)
            flush();
        chunk.push(bytes);
        size += cost;
    }
    if (size > 0)
        flush();
    return words;
}
//# sourceMappingURL=encoded-words.js.map