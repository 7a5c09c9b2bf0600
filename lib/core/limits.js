/** Limits every layer enforces alike. */
/** RFC 5321 §4.5.3.1.6 and RFC 5322 §2.1.1: a line is at most 998 octets plus CRLF. */
export const MAX_LINE_OCTETS = 998;
/** A message may name at most this many recipients; more is refused before MAIL. */
export const MAX_RECIPIENTS = 100_000;
//# sourceMappingURL=limits.js.map