import type { DsnOptions } from '../core/envelope.js';
/**
 * The last line of defence at the socket-write boundary (as Go's net/smtp validateLine does): a command may
 * not contain CR, LF or other controls. Builders validate their arguments earlier; this catches everything else.
 * @throws SmtpError EPROTOCOL
 */
export declare function assertCommandSafe(line: string): void;
/** Parameters for MAIL FROM beyond the address (RFC 1870, 6152, 6531, 3461). */
export interface MailParameters {
    size?: number;
    body8bit?: boolean;
    smtpUtf8?: boolean;
    dsnReturn?: 'HDRS' | 'FULL';
    dsnEnvelopeId?: string;
}
/** `EHLO <name>` (RFC 5321 §4.1.1.1); the name was checked by resolveOptions. */
export declare function ehlo(name: string): string;
/** `HELO <name>`, for servers that do not know EHLO. */
export declare function helo(name: string): string;
/** `MAIL FROM:<address>` with the parameters the server offers; the address was validated by envelope.ts. */
export declare function mailFrom(address: string, params?: MailParameters): string;
/** `RCPT TO:<address>`, with DSN NOTIFY/ORCPT when asked for and offered (RFC 3461). */
export declare function rcptTo(address: string, dsn?: {
    notify?: string;
    originalRecipient?: string;
}): string;
/** `BDAT <size> [LAST]` (RFC 3030). */
export declare function bdat(size: number, last: boolean): string;
/**
 * xtext (RFC 3461 §4): printable ASCII except `+` and `=` as is, everything else as `+HH`. Non-ASCII is
 * encoded byte by byte from UTF-8.
 */
export declare function encodeXtext(value: string): string;
/** DSN options checked and turned into the MAIL and RCPT parameters. */
export interface DsnParameters {
    ret?: 'HDRS' | 'FULL';
    envelopeId?: string;
    notify?: string;
    originalRecipient?: string;
}
/**
 * Validates nodemailer-shaped DSN options (RFC 3461).
 * @throws SmtpError EENVELOPE for CR/LF in the id, an unknown RET, or NEVER combined with another NOTIFY value.
 */
export declare function resolveDsn(dsn: DsnOptions | undefined): DsnParameters | undefined;
