/**
 * Checks a header field name (RFC 5322 §2.2: printable ASCII, no colon, no space).
 * @throws SmtpError EMESSAGE
 */
export declare function assertHeaderName(name: unknown): asserts name is string;
/**
 * Folds `Name: value` into lines of at most 78 characters where whitespace allows (RFC 5322 §2.2.3):
 * a fold is a CRLF inserted before a space or tab, so unfolding restores the value exactly. The last
 * whitespace of a run is used, so no folded line is whitespace only. Runs in linear time.
 */
export declare function foldLine(line: string): string;
/** Whether an unstructured value must go out as encoded words rather than as it is. */
export declare function needsEncoding(value: string, smtpUtf8: boolean): boolean;
/** One complete header line with CRLF, folded. */
export declare function headerLine(name: string, value: string): string;
/**
 * A header line that could not be folded under 998 octets (an id, URL or address with no space to break at).
 * @throws SmtpError EMESSAGE (RFC 5322 §2.1.1): such a line would be cut or refused on its way.
 */
export declare function assertFitsLineLimit(name: string, line: string): string;
/**
 * An unstructured header (Subject, custom headers): as is when it is safe ASCII (or UTF-8 under
 * SMTPUTF8, RFC 6532), otherwise all of it as RFC 2047 encoded words. CR and LF are thereby carried
 * as encoded bytes, never as a line break (header injection). A word too long to fold under 998
 * octets is encoded as well, since encoded words can be split anywhere between characters.
 */
export declare function unstructuredLine(name: string, value: string, smtpUtf8: boolean): string;
/**
 * A value the caller encoded already (`{ prepared: true }`): written as given, after a check that it
 * cannot start a new header. A CRLF followed by a space or tab is a fold and is kept.
 * @throws SmtpError EMESSAGE for any other CR or LF, a control character, or a line over 998 octets.
 */
export declare function assertPreparedValue(name: string, value: string): void;
/**
 * One `; name=value` parameter (RFC 2045 §5.1). A token goes bare, printable ASCII goes as a quoted
 * string, anything else (non-ASCII, CR/LF, quotes, backslashes, or long) goes as an RFC 2231 extended
 * value in UTF-8 with continuations, never split inside a character.
 */
export declare function formatParameter(name: string, value: string): string;
/** `value; a=b; c=d` for Content-Type and Content-Disposition. */
export declare function formatWithParameters(value: string, parameters: Record<string, string | undefined>): string;
