import type { ParsedAddress } from './addresses.js';
import type { MailMessage } from './message.interface.js';
import type { Envelope } from '../core/envelope.js';
/** The address lists a message's envelope is derived from. */
export interface EnvelopeSources {
    from?: string;
    to: ParsedAddress[];
    cc: ParsedAddress[];
    bcc: ParsedAddress[];
}
/**
 * The envelope: `envelope.from` (false for the null sender `<>`), else Sender, else From; recipients
 * from `envelope.to/cc/bcc` when the envelope names any, else To, Cc and Bcc; each address once.
 * @throws SmtpError EENVELOPE for a bad address, no recipients, or more than 100,000 recipients.
 */
export declare function deriveEnvelope(message: MailMessage, headers: EnvelopeSources): Envelope;
