/** One mailbox: a display name (possibly empty) and a bare address. */
export interface Mailbox {
    name: string;
    address: string;
}
/** A named group of mailboxes (`Friends: a@b.c, d@e.f;`), RFC 5322 §3.4. */
export interface MailboxGroup {
    name: string;
    group: Mailbox[];
}
export type ParsedAddress = Mailbox | MailboxGroup;
/**
 * Parses an address list such as `"Doe, J" <j@d.c>, a@b.c (Ann), Team: x@y.z, u@v.w;`.
 * Quoted strings, backslash escapes, nested comments and groups are understood; nested groups are
 * not part of RFC 5322 and a second colon is taken as text. Cost is linear in the input.
 * @throws SmtpError EENVELOPE for control characters or unbalanced quotes, comments or brackets.
 */
export declare function parseAddressList(input: string): ParsedAddress[];
