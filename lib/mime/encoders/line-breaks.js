import { encoderTransform } from './chunk-transform.js';
const CR = 0x0d;
const LF = 0x0a;
/**
 * Maps CRLF, lone CR and lone LF to CRLF. A CR ending one chunk is remembered so that a CRLF split
 * across two chunks stays one line break.
 */
export class LineBreakNormalizer {
    afterCr = false;
    /** Scratch space reused across chunks. */
    scratch = Buffer.alloc(0);
    update(chunk) {
        if (chunk.indexOf(0x0d) < 0 && chunk.indexOf(0x0a) < 0) {
            this.afterCr = false;
            return chunk;
        }
        if (this.scratch.length < chunk.length * 2)
            this.scratch = Buffer.allocUnsafe(chunk.length * 2);
        const out = this.scratch;
        let length = 0;
        for (let i = 0; i < chunk.length; i++) {
            const byte = chunk[i];
            if (byte === LF && this.afterCr) {
                this.afterCr = false;
                continue;
            }
            this.afterCr = byte === CR;
            if (byte === CR || byte === LF) {
                out[length++] = CR;
                out[length++] = LF;
            }
            else {
                out[length++] = byte;
            }
        }
        return Buffer.from(out.subarray(0, length));
    }
    final() {
        this.afterCr = false;
        return Buffer.alloc(0);
    }
}
/** A Transform normalising line breaks to CRLF. */
export function createLineBreakNormalizer() {
    return encoderTransform(new LineBreakNormalizer());
}
//# sourceMappingURL=line-breaks.js.map