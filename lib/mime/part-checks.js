/** Checks on caller-supplied part fields (content type, transfer encoding) so none can break a header. */
import { SmtpError } from '../core/errors.js';
const CONTENT_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(\s*;[^\r\n]*)?$/;
const TRANSFER_ENCODINGS = new Set(['7bit', '8bit', 'quoted-printable', 'base64']);
/**
 * A caller's Content-Type value, checked so it cannot break the header.
 * @throws SmtpError EMESSAGE
 */
export function checkContentType(value, what) {
    if (typeof value !== 'string' || !CONTENT_TYPE.test(value.trim()) || /[\u0000-\u001f\u007f]/.test(value)) {
        throw new SmtpError('EMESSAGE', `${what}: invalid content type ${JSON.stringify(value)}`);
    }
    return value.trim();
}
/**
 * A caller's transfer encoding, or undefined to choose one.
 * @throws SmtpError EMESSAGE for an unknown value.
 */
export function checkTransferEncoding(value, what) {
    if (value === undefined || value === null)
        return undefined;
    if (value === false)
        return false;
    const lower = String(value).toLowerCase();
    if (!TRANSFER_ENCODINGS.has(lower))
        throw new SmtpError('EMESSAGE', `${what}: unknown content transfer encoding ${JSON.stringify(value)}`);
    return lower;
}
//# sourceMappingURL=part-checks.js.map