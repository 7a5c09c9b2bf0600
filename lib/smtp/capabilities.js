/** Capabilities of a server that answered HELO only. */
export const NO_CAPABILITIES = parseCapabilities(undefined);
/** Parses an EHLO reply; the first line is the greeting name, each further line a keyword and parameters. */
export function parseCapabilities(reply) {
    const extensions = new Map();
    for (const line of reply?.lines.slice(1) ?? []) {
        const [keyword, ...params] = line.trim().split(/\s+/);
        if (!keyword)
            continue;
        const key = keyword.toUpperCase();
        // Old servers announce "AUTH=LOGIN" alongside "AUTH LOGIN"; merge both forms.
        if (key.startsWith('AUTH=')) {
            extensions.set('AUTH', [...(extensions.get('AUTH') ?? []), key.slice(5), ...params]);
        }
        else {
            extensions.set(key, [...(extensions.get(key) ?? []), ...params]);
        }
    }
    const sizeParam = extensions.get('SIZE')?.[0];
    const maxSize = extensions.has('SIZE') ? Number.parseInt(sizeParam ?? '0', 10) || 0 : undefined;
    return {
        extensions,
        authMechanisms: [...new Set((extensions.get('AUTH') ?? []).map((mech) => mech.toUpperCase()))],
        startTls: extensions.has('STARTTLS'),
        pipelining: extensions.has('PIPELINING'),
        eightBitMime: extensions.has('8BITMIME'),
        smtpUtf8: extensions.has('SMTPUTF8'),
        dsn: extensions.has('DSN'),
        chunking: extensions.has('CHUNKING'),
        enhancedStatusCodes: extensions.has('ENHANCEDSTATUSCODES'),
        maxSize,
    };
}
//# sourceMappingURL=capabilities.js.map