import type { Mailbox, ParsedAddress } from '../addresses.js';
import type { HeaderSpec } from './header-spec.js';
import type { ResolvedEnvironment } from '../ids.js';
import type { MailMessage } from '../message.interface.js';
/** The parsed address fields of a message. */
export interface MessageAddresses {
    from?: Mailbox;
    sender?: Mailbox;
    to: ParsedAddress[];
    cc: ParsedAddress[];
    replyTo: ParsedAddress[];
}
/** Headers with the Message-ID they carry. */
export interface MessageHeaders {
    headers: HeaderSpec[];
    messageId: string;
}
/**
 * The message's header list, in the usual order, with custom headers applied over generated ones.
 * Bcc is never a header. MIME-Version is always present (RFC 2045 §4).
 * @throws SmtpError EMESSAGE for invalid ids, dates, priority or list values.
 */
export declare function buildMessageHeaders(message: MailMessage, addresses: MessageAddresses, custom: HeaderSpec[], envelopeFrom: string, env: ResolvedEnvironment): MessageHeaders;
