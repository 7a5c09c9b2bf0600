/** The `headers` option (object or list form, repeated and prepared values) as checked header specs. */
import { SmtpError } from '../../core/errors.js';
import { assertHeaderName, assertPreparedValue } from './header-lines.js';
function isPrepared(value) {
    return typeof value === 'object' && value !== null && value.prepared === true;
}
function toSpec(name, value) {
    if (isPrepared(value)) {
        const text = String(value.value);
        assertPreparedValue(name, text);
        return { name, kind: 'prepared', value: text };
    }
    if (value === undefined || value === null || typeof value === 'object') {
        throw new SmtpError('EMESSAGE', `header ${name}: expected a string or { prepared: true, value }`);
    }
    return { name, kind: 'text', value: String(value) };
}
/**
 * Header specs from the `headers` option, in order; an array value gives one header per element.
 * @throws SmtpError EMESSAGE for an invalid name (RFC 5322 §2.2) or an unsafe prepared value.
 */
export function parseCustomHeaders(input) {
    if (input === undefined || input === null)
        return [];
    const specs = [];
    if (Array.isArray(input)) {
        for (const entry of input) {
            assertHeaderName(entry?.key);
            specs.push(toSpec(entry.key, entry.value));
        }
        return specs;
    }
    if (typeof input !== 'object')
        throw new SmtpError('EMESSAGE', 'headers must be an object or a list of { key, value }');
    for (const [name, value] of Object.entries(input)) {
        assertHeaderName(name);
        // An undefined value leaves the header out, so `{ 'X-Tag': maybeTag }` needs no guard.
        if (value === undefined || value === null)
            continue;
        for (const item of Array.isArray(value) ? value : [value])
            specs.push(toSpec(name, item));
    }
    return specs;
}
/** Defaults' headers under the message's: a name the message sets (any case) drops the default's. */
export function mergeHeaderSpecs(defaults, message) {
    const names = new Set(message.map((spec) => spec.name.toLowerCase()));
    return [...defaults.filter((spec) => !names.has(spec.name.toLowerCase())), ...message];
}
/**
 * Generated headers with the caller's applied: a custom header replaces every generated header of
 * the same name (at the first one's place); the rest are appended in order.
 */
export function applyCustomHeaders(generated, custom) {
    const byName = new Map();
    for (const spec of custom) {
        const key = spec.name.toLowerCase();
        byName.set(key, [...(byName.get(key) ?? []), spec]);
    }
    const out = [];
    for (const spec of generated) {
        const key = spec.name.toLowerCase();
        const replacement = byName.get(key);
        if (!replacement)
            out.push(spec);
        else if (replacement.length > 0) {
            out.push(...replacement);
            byName.set(key, []);
        }
    }
    for (const spec of custom)
        if (byName.get(spec.name.toLowerCase())?.length)
            out.push(spec);
    return out;
}
//# sourceMappingURL=custom-headers.js.map