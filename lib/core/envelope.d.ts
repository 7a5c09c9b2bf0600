/** The SMTP envelope of a composed message: bare addresses, bcc included, never shown in headers. */
export interface Envelope {
    from: string;
    to: string[];
}
/** Delivery status notification request (nodemailer's shape, RFC 3461). */
export interface DsnOptions {
    id?: string;
    return?: 'headers' | 'full';
    notify?: 'never' | 'success' | 'failure' | 'delay' | Array<'never' | 'success' | 'failure' | 'delay'>;
    recipient?: string;
}
/** One envelope address split into its parts. */
export interface EnvelopeAddress {
    localPart: string;
    /** The domain as given (Unicode allowed). */
    domain: string;
    /** The domain in ASCII (punycode for IDN), for servers without SMTPUTF8. */
    asciiDomain: string;
    /** The local part has non-ASCII characters, so only SMTPUTF8 can carry it. */
    needsSmtpUtf8: boolean;
}
/**
 * Parses and validates an envelope address (`local@domain`, no brackets, no display name).
 * @throws SmtpError EENVELOPE when the address could inject a command or is not a valid mailbox.
 */
export declare function parseEnvelopeAddress(address: string): EnvelopeAddress;
/**
 * The address as written in MAIL FROM / RCPT TO for this server.
 * @throws SmtpError EENVELOPE for a non-ASCII local part when the server lacks SMTPUTF8 (RFC 6531).
 */
export declare function formatEnvelopeAddress(address: string, smtpUtf8: boolean): string;
/** Whether any address of the envelope needs SMTPUTF8 on the wire. */
export declare function envelopeNeedsSmtpUtf8(envelope: Envelope): boolean;
/**
 * Checks a whole envelope before anything is sent: every address valid, at least one recipient,
 * at most {@link MAX_RECIPIENTS}.
 * @throws SmtpError EENVELOPE
 */
export declare function validateEnvelope(envelope: Envelope): void;
