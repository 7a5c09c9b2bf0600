/** Decoding of header values for reading composed mail back: RFC 2047 encoded words, RFC 2231 parameters. */
/** Bytes in a charset to text; an unknown charset reads as UTF-8. */
export declare function decodeCharset(bytes: Buffer, charset?: string): string;
/** `=XX` escapes to bytes, everything else as Latin-1 (one byte each). */
export declare function decodeQuotedBytes(text: string): Buffer;
/**
 * Decodes the encoded words of a header value (RFC 2047). Adjacent words lose the white space between them
 * (§6.2), and their bytes are joined before decoding, since some encoders split a character across words.
 */
export declare function decodeWords(value: string): string;
/** Splits on `separator` outside double quotes, angle brackets and comments. */
export declare function splitOutside(value: string, separator: string): string[];
/** A structured header value (`text/plain; charset=utf-8`) split into its value and parameters. */
export interface StructuredValue {
    value: string;
    params: Record<string, string>;
}
/** Parses a Content-Type or Content-Disposition value, joining and decoding RFC 2231 continuations. */
export declare function parseStructured(header: string): StructuredValue;
/** The bare addresses of an address-list header (`"Ann" <a@x.test>, b@y.test` to `['a@x.test', 'b@y.test']`). */
export declare function parseAddressList(value: string | undefined): string[];
