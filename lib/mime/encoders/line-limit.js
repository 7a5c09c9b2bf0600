import { SmtpError } from '../../core/errors.js';
import { encoderTransform } from './chunk-transform.js';
import { MAX_LINE_OCTETS } from '../../core/limits.js';
/**
 * Counts octets since the last CR or LF across chunks; used for `raw` messages and raw parts, which
 * are sent as given and so cannot be re-encoded to fit.
 * @throws SmtpError EMESSAGE (from `update`) at the first line over 998 octets.
 */
export class LineLengthGuard {
    what;
    column = 0;
    constructor(what) {
        this.what = what;
    }
    update(chunk) {
        for (let i = 0; i < chunk.length; i++) {
            const byte = chunk[i];
            if (byte === 0x0d || byte === 0x0a) {
                this.column = 0;
            }
            else if (++this.column > MAX_LINE_OCTETS) {
                throw new SmtpError('EMESSAGE', `${this.what} has a line longer than ${MAX_LINE_OCTETS} octets (RFC 5322 §2.1.1)`);
            }
        }
        return chunk;
    }
    final() {
        return Buffer.alloc(0);
    }
}
/** A Transform that fails with EMESSAGE on a line over 998 octets. */
export function createLineLengthGuard(what) {
    return encoderTransform(new LineLengthGuard(what));
}
//# sourceMappingURL=line-limit.js.map