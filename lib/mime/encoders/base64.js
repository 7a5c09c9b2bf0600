import { encoderTransform } from './chunk-transform.js';
/** RFC 2045 §6.8: encoded lines are no more than 76 characters. */
const LINE_CHARS = 76;
const EMPTY = Buffer.alloc(0);
/**
 * Base64 with CRLF every 76 characters. Carries the 0-2 bytes that do not fill a 3-byte group and the
 * position in the current line across chunks, so output does not depend on how input was split.
 * No CRLF follows the last line: the multipart delimiter supplies it (RFC 2046 §5.1.1).
 * Each chunk is encoded straight into one output buffer of the exact size, to keep garbage (and so
 * resident memory while streaming large attachments) low.
 */
export class Base64Encoder {
    rest = EMPTY;
    column = 0;
    update(chunk) {
        let head = '';
        let body = chunk;
        if (this.rest.length > 0) {
            const need = 3 - this.rest.length;
            if (chunk.length < need) {
                this.rest = Buffer.concat([this.rest, chunk]);
                return EMPTY;
            }
            head = Buffer.concat([this.rest, chunk.subarray(0, need)]).toString('base64');
            body = chunk.subarray(need);
        }
        const usable = body.length - (body.length % 3);
        this.rest = usable < body.length ? Buffer.from(body.subarray(usable)) : EMPTY;
        return this.wrap(head, usable > 0 ? body.subarray(0, usable).toString('base64') : '');
    }
    final() {
        const out = this.rest.length > 0 ? this.wrap(this.rest.toString('base64'), '') : EMPTY;
        this.rest = EMPTY;
        return out;
    }
    /** Writes `first` then `second` as wrapped lines into a buffer sized for exactly that output. */
    wrap(first, second) {
        const chars = first.length + second.length;
        if (chars === 0)
            return EMPTY;
        const breaks = Math.floor((this.column + chars - 1) / LINE_CHARS);
        const out = Buffer.allocUnsafe(chars + 2 * breaks);
        let offset = this.write(out, 0, first);
        offset = this.write(out, offset, second);
        return offset === out.length ? out : out.subarray(0, offset);
    }
    write(out, start, text) {
        let offset = start;
        let index = 0;
        while (index < text.length) {
            if (this.column === LINE_CHARS) {
                out[offset++] = 0x0d;
                out[offset++] = 0x0a;
                this.column = 0;
            }
            const take = Math.min(LINE_CHARS - this.column, text.length - index);
            offset += out.write(take === text.length ? text : text.slice(index, index + take), offset, 'latin1');
            index += take;
            this.column += take;
        }
        return offset;
    }
}
/** A Transform encoding its input as base64 lines. */
export function createBase64Encoder() {
    return encoderTransform(new Base64Encoder());
}
//# sourceMappingURL=base64.js.map