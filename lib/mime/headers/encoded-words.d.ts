/** RFC 2047 encoded words for non-ASCII or unsafe header text, split on whole characters. */
/**
 * Encodes text as a list of encoded words (join them with a space: RFC 2047 §6.2 drops whitespace
 * between adjacent encoded words, so the decoded text is exactly `text`). Q or B is chosen by which
 * is shorter for this text. A word never ends inside a UTF-8 sequence or a surrogate pair (§5: each
 * encoded word must be a whole number of characters).
 */
export declare function encodeWords(text: string): string[];
