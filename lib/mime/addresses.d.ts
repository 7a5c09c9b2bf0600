import type { AddressInput } from './message.interface.js';
import type { Mailbox, ParsedAddress } from './address-parser.js';
export type { Mailbox, MailboxGroup, ParsedAddress } from './address-parser.js';
/**
 * Every form SPEC accepts (`'Name <a@b.c>'`, `{ name, address }`, comma lists, arrays of these) as a
 * list of mailboxes and groups. Addresses are checked with the envelope rules, so an address that
 * could not be sent (control characters, unquoted spaces, `<>`) fails here, before anything connects.
 * @throws SmtpError EENVELOPE
 */
export declare function parseAddresses(input: AddressInput | undefined | null, field: string): ParsedAddress[];
/** The mailboxes of a list, groups opened up, in order. */
export declare function flattenAddresses(list: ParsedAddress[]): Mailbox[];
/**
 * A display name as a phrase: bare when it is atext, a quoted string (with `"` and `\` escaped,
 * RFC 5322 §3.2.4) when it is other printable text, RFC 2047 encoded words when it has line breaks,
 * controls, `=?`, or non-ASCII without SMTPUTF8.
 */
export declare function formatPhrase(name: string, smtpUtf8: boolean): string;
/**
 * An address for a header. IDN domains go through UTS-46 (`node:url` domainToASCII, as the envelope
 * does, so soft hyphens and fullwidth dots fold the same way) and are written in punycode, or, when
 * the message goes out with SMTPUTF8 (RFC 6532), in Unicode.
 * @throws SmtpError EMESSAGE for a non-ASCII local part without SMTPUTF8: no encoding exists for it.
 */
export declare function formatHeaderAddress(address: string, smtpUtf8: boolean): string;
/** One mailbox as header text: `Name <a@b.c>` or `a@b.c`. */
export declare function formatMailbox(mailbox: Mailbox, smtpUtf8: boolean): string;
/** An address list as a header value, groups kept (`Team: a@b.c, d@e.f;`). */
export declare function formatAddressList(list: ParsedAddress[], smtpUtf8: boolean): string;
