/** Headers held as specs until composition, when SMTPUTF8 decides how each is encoded. */
import { formatAddressList, formatPhrase } from '../addresses.js';
import { encodeWords } from './encoded-words.js';
import { assertFitsLineLimit, headerLine, needsEncoding, unstructuredLine } from './header-lines.js';
/**
 * A comment (RFC 5322 §3.2.2): `(`, `)` and `\\` escaped; encoded words (allowed in comments by RFC
 * 2047 §5(2)) when it has line breaks or controls, or non-ASCII without SMTPUTF8.
 */
function formatComment(comment, smtpUtf8) {
    return needsEncoding(comment, smtpUtf8) ? encodeWords(comment).join(' ') : comment.replace(/[()\\]/g, '\\$&');
}
function formatListEntries(spec, smtpUtf8) {
    return spec.value
        .map(({ url, comment }) => {
        if (!comment)
            return `<${url}>`;
        // List-Id carries its description as a phrase before the id (RFC 2919 §3), the others as a comment.
        return spec.isId ? `${formatPhrase(comment, smtpUtf8)} <${url}>` : `<${url}> (${formatComment(comment, smtpUtf8)})`;
    })
        .join(', ');
}
/** The header line(s) for a spec, CRLF-terminated. */
export function renderHeader(spec, smtpUtf8) {
    switch (spec.kind) {
        case 'text':
            return unstructuredLine(spec.name, spec.value, smtpUtf8);
        case 'addresses':
            return assertFitsLineLimit(spec.name, headerLine(spec.name, formatAddressList(spec.value, smtpUtf8)));
        case 'raw':
            return assertFitsLineLimit(spec.name, headerLine(spec.name, spec.value));
        case 'prepared':
            return `${spec.name}: ${spec.value}\r\n`;
        case 'list':
            return assertFitsLineLimit(spec.name, headerLine(spec.name, formatListEntries(spec, smtpUtf8)));
    }
}
/** Header specs in order, all rendered. */
export function renderHeaders(specs, smtpUtf8) {
    let out = '';
    for (const spec of specs)
        out += renderHeader(spec, smtpUtf8);
    return out;
}
//# sourceMappingURL=header-spec.js.map