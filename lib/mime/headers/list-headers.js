/** The `list` option as List-* headers (RFC 2369, RFC 2919, RFC 8058). */
import { SmtpError } from '../../core/errors.js';
import { assertHeaderName } from './header-lines.js';
/** `unsubscribe` to `List-Unsubscribe`, `unsubscribePost` / `unsubscribe-post` to `List-Unsubscribe-Post`, `id` to `List-ID`. */
function headerName(key) {
    const words = key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').split(/[-_]/).filter(Boolean);
    const name = `List-${words.map((w) => (w.toLowerCase() === 'id' ? 'ID' : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('-')}`;
    assertHeaderName(name);
    return name;
}
/**
 * A URL for `<...>`: a bare address becomes `mailto:`, a bare host name `http://`. Characters that could
 * end the bracket or the header are refused; non-ASCII is percent-encoded (RFC 3986 §2.1).
 * @throws SmtpError EMESSAGE
 */
function normalizeUrl(input, name, isId) {
    let url = String(input).trim();
    if (url.startsWith('<') && url.endsWith('>'))
        url = url.slice(1, -1).trim();
    if (url === '' || /[\s<>\u0000-\u001f\u007f"]/.test(url)) {
        throw new SmtpError('EMESSAGE', `${name}: invalid URL ${JSON.stringify(input)} (spaces, line breaks, quotes and angle brackets are not allowed)`);
    }
    url = url.replace(/[^\u0000-\u007f]+/g, (text) => encodeURIComponent(text));
    // A List-Id is `list-label.namespace`, not a URL (RFC 2919 §2).
    if (isId || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url))
        return url;
    return url.includes('@') ? `mailto:${url}` : `http://${url}`;
}
function toEntry(item, name, isId) {
    if (typeof item === 'string')
        return { url: normalizeUrl(item, name, isId) };
    if (typeof item === 'object' && item !== null && typeof item.url === 'string') {
        const comment = item.comment === undefined || item.comment === null ? undefined : String(item.comment);
        const url = normalizeUrl(item.url, name, isId);
        return comment ? { url, comment } : { url };
    }
    throw new SmtpError('EMESSAGE', `${name}: expected a URL string or { url, comment }`);
}
/**
 * Header specs for `list`. A top-level array gives one header per element; an element that is itself
 * an array gives one header listing several URLs. `List-Unsubscribe-Post` is plain text (RFC 8058 §3.1).
 * @throws SmtpError EMESSAGE
 */
export function listHeaders(list) {
    if (list === undefined || list === null)
        return [];
    if (typeof list !== 'object')
        throw new SmtpError('EMESSAGE', 'list must be an object of List-* values');
    const specs = [];
    for (const [key, value] of Object.entries(list)) {
        const name = headerName(key);
        const isId = name === 'List-ID';
        for (const item of Array.isArray(value) ? value : [value]) {
            if (name === 'List-Unsubscribe-Post') {
                specs.push({ name, kind: 'text', value: String(typeof item === 'object' && item !== null && 'url' in item ? item.url : item) });
                continue;
            }
            const entries = (Array.isArray(item) ? item : [item]).map((entry) => toEntry(entry, name, isId));
            specs.push({ name, kind: 'list', value: entries, isId });
        }
    }
    return specs;
}
//# sourceMappingURL=list-headers.js.map