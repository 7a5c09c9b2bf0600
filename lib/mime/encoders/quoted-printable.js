import { encoderTransform } from './chunk-transform.js';
/** RFC 2045 §6.7 rule 5: lines of at most 76 characters, the soft-break `=` included. */
const MAX_CONTENT_CHARS = 75;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const EQUALS = 0x3d;
const HEX = Buffer.from('0123456789ABCDEF', 'latin1');
/** Rule 2: printable ASCII except `=` stays literal. */
function isLiteral(byte) {
    return byte >= 0x21 && byte <= 0x7e && byte !== EQUALS;
}
/**
 * Quoted-printable. A CRLF in the input is a hard line break (rule 4); a lone CR or LF is encoded,
 * so binary-safe. A space or tab is held back until the next byte shows whether it ends a line,
 * in which case it is encoded (rule 3); a CR at the end of a chunk waits for a possible LF. Soft
 * breaks never split an `=XX` triplet. Output is the same however the input is split.
 */
export class QuotedPrintableEncoder {
    column = 0;
    pendingSpace = -1;
    pendingCr = false;
    /** Scratch space reused across chunks; each chunk's output is copied out at its exact size. */
    out = Buffer.alloc(0);
    length = 0;
    update(chunk) {
        this.begin(chunk.length);
        for (let i = 0; i < chunk.length; i++)
            this.take(chunk[i]);
        return this.end();
    }
    final() {
        this.begin(0);
        if (this.pendingCr) {
            if (this.pendingSpace >= 0)
                this.emitLiteral(this.pendingSpace);
            this.emitEncoded(CR);
        }
        else if (this.pendingSpace >= 0) {
            this.emitEncoded(this.pendingSpace);
        }
        this.pendingSpace = -1;
        this.pendingCr = false;
        return this.end();
    }
    take(byte) {
        if (this.pendingCr) {
            this.pendingCr = false;
            if (byte === LF) {
                if (this.pendingSpace >= 0)
                    this.emitEncoded(this.pendingSpace);
                this.pendingSpace = -1;
                this.write(CR);
                this.write(LF);
                this.column = 0;
                return;
            }
            if (this.pendingSpace >= 0)
                this.emitLiteral(this.pendingSpace);
            this.pendingSpace = -1;
            this.emitEncoded(CR);
        }
        if (byte === CR) {
            this.pendingCr = true;
            return;
        }
        if (this.pendingSpace >= 0) {
            this.emitLiteral(this.pendingSpace);
            this.pendingSpace = -1;
        }
        if (byte === SPACE || byte === TAB)
            this.pendingSpace = byte;
        else if (isLiteral(byte))
            this.emitLiteral(byte);
        else
            this.emitEncoded(byte);
    }
    room(width) {
        if (this.column + width > MAX_CONTENT_CHARS) {
            this.write(EQUALS);
            this.write(CR);
            this.write(LF);
            this.column = 0;
        }
        this.column += width;
    }
    emitLiteral(byte) {
        this.room(1);
        this.write(byte);
    }
    emitEncoded(byte) {
        this.room(3);
        this.write(EQUALS);
        this.write(HEX[byte >> 4]);
        this.write(HEX[byte & 15]);
    }
    /** Worst case per input byte: `=XX` plus a share of soft breaks, and the pending bytes. */
    begin(inputLength) {
        const needed = inputLength * 4 + 16;
        if (this.out.length < needed)
            this.out = Buffer.allocUnsafe(needed);
        this.length = 0;
    }
    write(byte) {
        this.out[this.length++] = byte;
    }
    end() {
        return Buffer.from(this.out.subarray(0, this.length));
    }
}
/** A Transform encoding its input as quoted-printable. */
export function createQuotedPrintableEncoder() {
    return encoderTransform(new QuotedPrintableEncoder());
}
//# sourceMappingURL=quoted-printable.js.map