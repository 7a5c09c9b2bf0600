/** A message's header block as fields, and the choice of fields a DKIM signature covers (RFC 6376 §5.4). */
/** One header field as it appears in the message. */
export interface HeaderField {
    /** Lower-case field name. */
    name: string;
    /** The whole field (name, colon, value, folding), latin1 so bytes stay bytes, without its final line break. */
    raw: string;
}
/**
 * Splits a header block (the bytes before the blank line) into fields. Lines break at CRLF, bare CR
 * or bare LF (as the data stream will send them); a line starting with SP or HTAB continues the
 * field above (RFC 5322 §2.2.3).
 */
export declare function parseHeaderBlock(headerBlock: Buffer): HeaderField[];
/**
 * The `h=` list: the name of every field present that `include` matches and `skip` does not, top to
 * bottom, one entry per occurrence. DKIM-Signature fields are never listed: each signature stands
 * alone. Names absent from the message are not listed.
 */
export declare function chooseSignedNames(fields: readonly HeaderField[], include: readonly string[], skip: readonly string[]): string[];
/**
 * The fields, in hashing order, that `h=` names: for each name, the last not-yet-used occurrence,
 * working upwards (RFC 6376 §5.4.2), exactly as a verifier picks them.
 */
export declare function pickFieldsToHash(fields: readonly HeaderField[], signedNames: readonly string[]): HeaderField[];
