/** RFC 6376 "relaxed" canonicalization: one header field (§3.4.2) and a streamed body (§3.4.4). */
/**
 * Canonicalizes one header field, given as its raw text (name, colon, value, folding included; line
 * breaks as CRLF, bare CR or bare LF), as a latin1 string so bytes stay bytes. Returns `name:value`
 * without a line ending.
 *
 * RFC 6376 §3.4.2: lower-case the name; unfold; reduce WSP runs to one SP; drop WSP at the end of the
 * value and around the colon. WSP is only SP and HTAB: other "spaces" (0xA0, ...) are content.
 */
export declare function canonicalizeHeaderRelaxed(field: string): string;
/**
 * Canonicalizes a message body as it streams, RFC 6376 §3.4.4 (relaxed): WSP at line ends is dropped,
 * WSP runs inside a line become one SP, empty lines at the end are dropped, and a non-empty body
 * ends with CRLF; an empty body stays empty. State is carried across chunks, so any split of the
 * input gives the same output.
 *
 * Line breaks are counted as the SMTP data stream will send them: CRLF, a bare CR and a bare LF are
 * each one line break (sent as CRLF), so the hash matches what the receiver sees.
 */
export declare class RelaxedBodyCanonicalizer {
    private readonly sink;
    /** Line breaks not written yet: held back until content follows, since trailing empty lines are dropped. */
    private pendingLineBreaks;
    /** WSP seen in the current line, written as one SP only if content follows on the line. */
    private pendingSpace;
    /** The previous byte was CR, so an LF now completes that line break rather than making another. */
    private afterCR;
    private hasContent;
    private readonly scratch;
    private used;
    /** @param sink receives the canonical bytes in order, in batches; it must use them at once (the buffer is reused). */
    constructor(sink: (bytes: Buffer) => void);
    update(chunk: Buffer): void;
    /** Ends the body: writes the final CRLF of a non-empty body and flushes. */
    end(): void;
    private lineBreak;
    private writeContent;
    private write;
    private flush;
}
