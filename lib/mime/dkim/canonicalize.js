/** RFC 6376 "relaxed" canonicalization: one header field (§3.4.2) and a streamed body (§3.4.4). */
const SP = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const CRLF = Buffer.from('\r\n');
const SPACE = Buffer.from(' ');
const SCRATCH_BYTES = 64 * 1024;
/**
 * Canonicalizes one header field, given as its raw text (name, colon, value, folding included; line
 * breaks as CRLF, bare CR or bare LF), as a latin1 string so bytes stay bytes. Returns `name:value`
 * without a line ending.
 *
 * RFC 6376 §3.4.2: lower-case the name; unfold; reduce WSP runs to one SP; drop WSP at the end of the
 * value and around the colon. WSP is only SP and HTAB: other "spaces" (0xA0, ...) are content.
 */
export function canonicalizeHeaderRelaxed(field) {
    const colon = field.indexOf(':');
    const rawName = colon < 0 ? field : field.slice(0, colon);
    const rawValue = colon < 0 ? '' : field.slice(colon + 1);
    const name = rawName.replace(/[ \t]+$/, '').toLowerCase();
    const value = rawValue
        .replace(/\r\n|\r|\n/g, '')
        .replace(/[ \t]+/g, ' ')
        .replace(/^ | $/g, '');
    return `${name}:${value}`;
}
/**
 * Canonicalizes a message body as it streams, RFC 6376 §3.4.4 (relaxed): WSP at line ends is dropped,
 * WSP runs inside a line become one SP, empty lines at the end are dropped, and a non-empty body
 * ends with CRLF; an empty body stays empty. State is carried across chunks, so any split of the
 * input gives the same output.
 *
 * Line breaks are counted as the SMTP data stream will send them: CRLF, a bare CR and a bare LF are
 * each one line break (sent as CRLF), so the hash matches what the receiver sees.
 */
export class RelaxedBodyCanonicalizer {
    sink;
    /** Line breaks not written yet: held back until content follows, since trailing empty lines are dropped. */
    pendingLineBreaks = 0;
    /** WSP seen in the current line, written as one SP only if content follows on the line. */
    pendingSpace = false;
    /** The previous byte was CR, so an LF now completes that line break rather than making another. */
    afterCR = false;
    hasContent = false;
    scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
    used = 0;
    /** @param sink receives the canonical bytes in order, in batches; it must use them at once (the buffer is reused). */
    constructor(sink) {
        this.sink = sink;
    }
    update(chunk) {
        let i = 0;
        while (i < chunk.length) {
            const byte = chunk[i];
            if (byte === SP || byte === TAB) {
                this.pendingSpace = true;
                this.afterCR = false;
                i += 1;
            }
            else if (byte === CR || byte === LF) {
                if (byte === CR || !this.afterCR)
                    this.lineBreak();
                this.afterCR = byte === CR;
                i += 1;
            }
            else {
                let end = i + 1;
                while (end < chunk.length && !isSpecial(chunk[end]))
                    end += 1;
                this.writeContent(chunk, i, end);
                i = end;
            }
        }
    }
    /** Ends the body: writes the final CRLF of a non-empty body and flushes. */
    end() {
        if (this.hasContent)
            this.write(CRLF, 0, 2);
        this.flush();
    }
    lineBreak() {
        this.pendingSpace = false;
        this.pendingLineBreaks += 1;
    }
    writeContent(chunk, start, end) {
        for (; this.pendingLineBreaks > 0; this.pendingLineBreaks -= 1)
            this.write(CRLF, 0, 2);
        if (this.pendingSpace)
            this.write(SPACE, 0, 1);
        this.pendingSpace = false;
        this.afterCR = false;
        this.hasContent = true;
        this.write(chunk, start, end);
    }
    write(source, start, end) {
        const length = end - start;
        if (this.used + length > SCRATCH_BYTES)
            this.flush();
        if (length >= SCRATCH_BYTES) {
            this.sink(source.subarray(start, end));
            return;
        }
        source.copy(this.scratch, this.used, start, end);
        this.used += length;
    }
    flush() {
        if (this.used === 0)
            return;
        this.sink(this.scratch.subarray(0, this.used));
        this.used = 0;
    }
}
function isSpecial(byte) {
    return byte === SP || byte === TAB || byte === CR || byte === LF;
}
//# sourceMappingURL=canonicalize.js.map