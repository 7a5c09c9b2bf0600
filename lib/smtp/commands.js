/** Pure builders for SMTP command lines; every line passes assertCommandSafe before it can be written. */
import { SmtpError } from '../core/errors.js';
/** Any control character, DEL or Unicode line separator would let an argument end the line early. */
const UNSAFE_IN_COMMAND = /[\u0000-\u001f\u007f\u2028\u2029]/;
/**
 * The last line of defence at the socket-write boundary (as Go's net/smtp validateLine does): a command may
 * not contain CR, LF or other controls. Builders validate their arguments earlier; this catches everything else.
 * @throws SmtpError EPROTOCOL
 */
export function assertCommandSafe(line) {
    if (UNSAFE_IN_COMMAND.test(line)) {
        throw new SmtpError('EPROTOCOL', 'refusing to send a command that contains CR, LF or another control character');
    }
}
/** `EHLO <name>` (RFC 5321 §4.1.1.1); the name was checked by resolveOptions. */
export function ehlo(name) {
    return `EHLO ${name}`;
}
/** `HELO <name>`, for servers that do not know EHLO. */
export function helo(name) {
    return `HELO ${name}`;
}
/** `MAIL FROM:<address>` with the parameters the server offers; the address was validated by envelope.ts. */
export function mailFrom(address, params = {}) {
    const parts = [`MAIL FROM:<${address}>`];
    if (params.body8bit)
        parts.push('BODY=8BITMIME');
    if (params.smtpUtf8)
        parts.push('SMTPUTF8');
    if (params.size !== undefined)
        parts.push(`SIZE=${params.size}`);
    if (params.dsnReturn)
        parts.push(`RET=${params.dsnReturn}`);
    if (params.dsnEnvelopeId)
        parts.push(`ENVID=${encodeXtext(params.dsnEnvelopeId)}`);
    return parts.join(' ');
}
/** `RCPT TO:<address>`, with DSN NOTIFY/ORCPT when asked for and offered (RFC 3461). */
export function rcptTo(address, dsn) {
    const parts = [`RCPT TO:<${address}>`];
    if (dsn?.notify)
        parts.push(`NOTIFY=${dsn.notify}`);
    if (dsn?.originalRecipient)
        parts.push(`ORCPT=rfc822;${encodeXtext(dsn.originalRecipient)}`);
    return parts.join(' ');
}
/** `BDAT <size> [LAST]` (RFC 3030). */
export function bdat(size, last) {
    return last ? `BDAT ${size} LAST` : `BDAT ${size}`;
}
/**
 * xtext (RFC 3461 §4): printable ASCII except `+` and `=` as is, everything else as `+HH`. Non-ASCII is
 * encoded byte by byte from UTF-8.
 */
export function encodeXtext(value) {
    let out = '';
    for (const byte of Buffer.from(value, 'utf8')) {
        out += byte >= 0x21 && byte <= 0x7e && byte !== 0x2b && byte !== 0x3d
            ? String.fromCharCode(byte)
            : `+${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
}
const NOTIFY_VALUES = new Set(['NEVER', 'SUCCESS', 'FAILURE', 'DELAY']);
/**
 * Validates nodemailer-shaped DSN options (RFC 3461).
 * @throws SmtpError EENVELOPE for CR/LF in the id, an unknown RET, or NEVER combined with another NOTIFY value.
 */
export function resolveDsn(dsn) {
    if (!dsn)
        return undefined;
    const params = {};
    if (dsn.id !== undefined) {
        if (typeof dsn.id !== 'string' || UNSAFE_IN_COMMAND.test(dsn.id)) {
            throw new SmtpError('EENVELOPE', 'dsn.id may not contain CR, LF or control characters');
        }
        params.envelopeId = dsn.id;
    }
    if (dsn.return !== undefined) {
        const ret = String(dsn.return).toLowerCase();
        if (ret !== 'headers' && ret !== 'hdrs' && ret !== 'full') {
            throw new SmtpError('EENVELOPE', `dsn.return must be 'headers' or 'full', not ${JSON.stringify(dsn.return)}`);
        }
        params.ret = ret === 'full' ? 'FULL' : 'HDRS';
    }
    if (dsn.notify !== undefined) {
        const values = [dsn.notify].flat().map((value) => String(value).toUpperCase());
        if (values.length === 0 || values.some((value) => !NOTIFY_VALUES.has(value))) {
            throw new SmtpError('EENVELOPE', 'dsn.notify takes never, or any of success, failure and delay');
        }
        if (values.includes('NEVER') && values.length > 1) {
            throw new SmtpError('EENVELOPE', 'dsn.notify: never cannot be combined with other values (RFC 3461 §4.1)');
        }
        params.notify = [...new Set(values)].join(',');
    }
    if (dsn.recipient !== undefined) {
        if (typeof dsn.recipient !== 'string' || UNSAFE_IN_COMMAND.test(dsn.recipient)) {
            throw new SmtpError('EENVELOPE', 'dsn.recipient may not contain CR, LF or control characters');
        }
        params.originalRecipient = dsn.recipient;
    }
    return params;
}
//# sourceMappingURL=commands.js.map