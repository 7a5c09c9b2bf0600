/** Where the composer gets the time and random bytes; both default to the real ones. */
export interface ComposeEnvironment {
    /** @defaultValue `() => new Date()` */
    now?: () => Date;
    /** @defaultValue `crypto.randomBytes` */
    randomBytes?: (size: number) => Buffer;
}
/** A {@link ComposeEnvironment} with every member filled in. */
export interface ResolvedEnvironment {
    now: () => Date;
    randomBytes: (size: number) => Buffer;
}
/**
 * Random bytes drawn from a buffer refilled `poolSize` bytes at a time: one system call for many messages
 * instead of two per message. Each caller gets its own copy. Make one per transport (no shared state).
 */
export declare function createRandomPool(poolSize?: number): (size: number) => Buffer;
/** Fills in the real clock and randomness where the caller gave none. */
export declare function resolveEnvironment(env?: ComposeEnvironment): ResolvedEnvironment;
/**
 * A fresh multipart boundary. It contains `=_`, which quoted-printable output can never contain
 * (RFC 2045 §6.7: `=` is always followed by two hex digits or a line break) and base64 output neither,
 * so an encoded part can never end the multipart early (RFC 2046 §5.1.1).
 */
export declare function createBoundary(env: ResolvedEnvironment): string;
/** A new Message-ID (RFC 5322 §3.6.4) in angle brackets: `<uuid-like@domain>`. */
export declare function createMessageId(env: ResolvedEnvironment, domain: string): string;
/** RFC 5322 §3.3 date-time in UTC, e.g. `Mon, 02 Jan 2006 15:04:05 +0000`. */
export declare function formatDate(date: Date): string;
/**
 * A msg-id (RFC 5322 §3.6.4) for Message-ID, In-Reply-To or References, with angle brackets added
 * when missing. Anything that could end the header or the id early is refused, never stripped.
 * @throws SmtpError EMESSAGE for CR/LF, whitespace, `<`/`>` inside, non-ASCII or an empty id.
 */
export declare function normalizeMessageId(id: string, field: string): string;
/**
 * The ids of a References or In-Reply-To value: a list, or one string of ids separated by spaces or commas.
 * CR/LF is refused before splitting so that a line break can never be mistaken for a separator.
 * @throws SmtpError EMESSAGE
 */
export declare function normalizeMessageIdList(value: string | string[], field: string): string[];
