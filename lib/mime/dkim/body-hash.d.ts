/** Hashes a body as it streams; see {@link createBodyHasher}. */
export interface BodyHasher {
    /** Feeds body bytes (everything after the header/body blank line), in any chunking. */
    update(chunk: Buffer): void;
    /** Ends the body and returns the base64 SHA-256 of its relaxed canonical form. Call once. */
    digest(): string;
}
/**
 * Creates a body hasher for `c=.../relaxed`, `a=*-sha256` (RFC 6376 §3.7): the body is canonicalized
 * as it passes (state carried across chunks) and never held.
 *
 * @example
 * const hasher = createBodyHasher();
 * for await (const chunk of body) hasher.update(chunk);
 * const bh = hasher.digest();
 */
export declare function createBodyHasher(): BodyHasher;
