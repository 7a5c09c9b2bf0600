/** A message's header block as fields, and the choice of fields a DKIM signature covers (RFC 6376 §5.4). */
/**
 * Splits a header block (the bytes before the blank line) into fields. Lines break at CRLF, bare CR
 * or bare LF (as the data stream will send them); a line starting with SP or HTAB continues the
 * field above (RFC 5322 §2.2.3).
 */
export function parseHeaderBlock(headerBlock) {
    const lines = headerBlock.toString('latin1').split(/\r\n|\r|\n/);
    if (lines[lines.length - 1] === '')
        lines.pop();
    const fields = [];
    for (const line of lines) {
        const last = fields[fields.length - 1];
        if (last !== undefined && /^[ \t]/.test(line)) {
            last.raw += `\r\n${line}`;
            continue;
        }
        const colon = line.indexOf(':');
        const name = (colon < 0 ? line : line.slice(0, colon)).replace(/[ \t]+$/, '').toLowerCase();
        fields.push({ name, raw: line });
    }
    return fields;
}
function matches(name, patterns) {
    return patterns.some((pattern) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern));
}
/**
 * The `h=` list: the name of every field present that `include` matches and `skip` does not, top to
 * bottom, one entry per occurrence. DKIM-Signature fields are never listed: each signature stands
 * alone. Names absent from the message are not listed.
 */
export function chooseSignedNames(fields, include, skip) {
    return fields.filter((field) => field.name !== 'dkim-signature' && matches(field.name, include) && !matches(field.name, skip)).map((field) => field.name);
}
/**
 * The fields, in hashing order, that `h=` names: for each name, the last not-yet-used occurrence,
 * working upwards (RFC 6376 §5.4.2), exactly as a verifier picks them.
 */
export function pickFieldsToHash(fields, signedNames) {
    const byName = new Map();
    for (const field of fields) {
        const list = byName.get(field.name);
        if (list)
            list.push(field);
        else
            byName.set(field.name, [field]);
    }
    const picked = [];
    for (const name of signedNames) {
        // pop() takes the bottom-most occurrence not used yet; a name listed more often than present picks nothing.
        const field = byName.get(name)?.pop();
        if (field !== undefined)
            picked.push(field);
    }
    return picked;
}
//# sourceMappingURL=header-fields.js.map