/** The DKIM body hash (`bh=`): SHA-256 over the relaxed-canonical body, fed in chunks. */
import { createHash } from 'node:crypto';
import { RelaxedBodyCanonicalizer } from './canonicalize.js';
/**
 * Creates a body hasher for `c=.../relaxed`, `a=*-sha256` (RFC 6376 §3.7): the body is canonicalized
 * as it passes (state carried across chunks) and never held.
 *
 * @example
 * const hasher = createBodyHasher();
 * for await (const chunk of body) hasher.update(chunk);
 * const bh = hasher.digest();
 */
export function createBodyHasher() {
    const hash = createHash('sha256');
    const canonicalizer = new RelaxedBodyCanonicalizer((bytes) => hash.update(bytes));
    return {
        update: (chunk) => canonicalizer.update(chunk),
        digest: () => {
            canonicalizer.end();
            return hash.digest('base64');
        },
    };
}
//# sourceMappingURL=body-hash.js.map