/** Header lines: name checks, folding at 78, unstructured values, parameters (RFC 5322, 2045, 2047, 2231). */
import { SmtpError } from '../../core/errors.js';
import { MAX_LINE_OCTETS } from '../../core/limits.js';
import { encodeWords } from './encoded-words.js';

/** RFC 5322 §2.1.1: lines SHOULD be at most 78 characters and MUST be at most 998 octets. */
const FOLD_AT = 78;
/** RFC 5322 §3.6.8 ftext: printable US-ASCII except the colon. */
const FIELD_NAME = /^[\u0021-\u0039\u003b-\u007e]+$/;
/** Any control character (including CR and LF), DEL, or a Unicode line separator. */
const UNSAFE_TEXT = /[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/;
const NON_ASCII = /[^\u0000-\u007f]/;
/** Longest header name accepted: leaves room for a value on the first line. */
const MAX_NAME_CHARS = 200;

/**
 * Checks a header field name (RFC 5322 §2.2: printable ASCII, no colon, no space).
 * @throws SmtpError EMESSAGE
 */
export function assertHeaderName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !FIELD_NAME.test(name) || name.length > MAX_NAME_CHARS) {
    throw new SmtpError('EMESSAGE', `invalid header name ${JSON.stringify(name)}: RFC 5322 allows printable ASCII without spaces or colons`);
  }
}

/**
 * Folds `Name: value` into lines of at most 78 characters where whitespace allows (RFC 5322 §2.2.3):
 * a fold is a CRLF inserted before a space or tab, so unfolding restores the value exactly. The last
 * whitespace of a run is used, so no folded line is whitespace only. Runs in linear time.
 */
export function foldLine(line: string): string {
  if (line.length <= FOLD_AT) return line;
  const parts: string[] = [];
  let start = 0;
  let lastBreak = -1;
  // Folding right after `Name:` gains nothing; the first break candidate is inside the value.
  const valueStart = line.indexOf(': ') + 2;
  for (let i = Math.max(1, valueStart); i < line.length; i++) {
    const code = line.charCodeAt(i);
    const next = line.charCodeAt(i + 1);
    if ((code === 0x20 || code === 0x09) && next !== 0x20 && next !== 0x09 && i + 1 < line.length) lastBreak = i;
    if (i - start >= FOLD_AT && lastBreak > start) {
      parts.push(line.slice(start, lastBreak));
      start = lastBreak;
      lastBreak = -1;
    }
  }
  parts.push(line.slice(start));
  return parts.join('\r\n');
}

/** Whether an unstructured value must go out as encoded words rather than as it is. */
export function needsEncoding(value: string, smtpUtf8: boolean): boolean {
  return UNSAFE_TEXT.test(value) || value.includes('=?') || (!smtpUtf8 && NON_ASCII.test(value));
}

/** One complete header line with CRLF, folded. */
export function headerLine(name: string, value: string): string {
  return `${foldLine(`${name}: ${value}`)}\r\n`;
}

function fitsLineLimit(folded: string): boolean {
  // A UTF-16 code unit is at most 3 octets in UTF-8: a short enough string fits without counting (most headers).
  if (folded.length * 3 <= MAX_LINE_OCTETS) return true;
  for (const line of folded.split('\r\n')) if (Buffer.byteLength(line) > MAX_LINE_OCTETS) return false;
  return true;
}

/**
 * A header line that could not be folded under 998 octets (an id, URL or address with no space to break at).
 * @throws SmtpError EMESSAGE (RFC 5322 §2.1.1): such a line would be cut or refused on its way.
 */
export function assertFitsLineLimit(name: string, line: string): string {
  if (!fitsLineLimit(line)) {
    throw new SmtpError('EMESSAGE', `header ${name} has a line over ${MAX_LINE_OCTETS} octets that cannot be folded`);
  }
  return line;
}

/**
 * An unstructured header (Subject, custom headers): as is when it is safe ASCII (or UTF-8 under
 * SMTPUTF8, RFC 6532), otherwise all of it as RFC 2047 encoded words. CR and LF are thereby carried
 * as encoded bytes, never as a line break (header injection). A word too long to fold under 998
 * octets is encoded as well, since encoded words can be split anywhere between characters.
 */
export function unstructuredLine(name: string, value: string, smtpUtf8: boolean): string {
  if (!needsEncoding(value, smtpUtf8)) {
    const line = headerLine(name, value);
    if (fitsLineLimit(line)) return line;
  }
  return headerLine(name, encodeWords(value).join(' '));
}

/**
 * A value the caller encoded already (`{ prepared: true }`): written as given, after a check that it
 * cannot start a new header. A CRLF followed by a space or tab is a fold and is kept.
 * @throws SmtpError EMESSAGE for any other CR or LF, a control character, or a line over 998 octets.
 */
export function assertPreparedValue(name: string, value: string): void {
  const unfolded = value.replace(/\r\n(?=[ \t])/g, '');
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(unfolded)) {
    throw new SmtpError('EMESSAGE', `prepared value of header ${name} contains a line break or control character`);
  }
  for (const line of `${name}: ${value}`.split('\r\n')) {
    if (Buffer.byteLength(line) > MAX_LINE_OCTETS) {
      throw new SmtpError('EMESSAGE', `prepared value of header ${name} has a line over ${MAX_LINE_OCTETS} octets`);
    }
  }
}

/** RFC 2045 §5.1 token characters (no tspecials, no space or controls). */
const TOKEN = /^[!#$%&'*+\-.^_`{|}~0-9A-Za-z]+$/;
/** RFC 2231 §7 attribute-char, the characters that stay literal in an extended value. */
const ATTR_CHAR = /[!#$&+\-.^_`|~0-9A-Za-z]/;
/** How many characters of percent-encoded value go on one continuation line (RFC 2231 §3). */
const CONTINUATION_CHARS = 50;
/** A longer plain value goes out as RFC 2231 continuations so that its line can fold. */
const MAX_PLAIN_CHARS = 60;

function percentEncode(char: string): string {
  if (ATTR_CHAR.test(char)) return char;
  let out = '';
  for (const byte of Buffer.from(char, 'utf8')) out += `%${byte < 16 ? '0' : ''}${byte.toString(16).toUpperCase()}`;
  return out;
}

/**
 * One `; name=value` parameter (RFC 2045 §5.1). A token goes bare, printable ASCII goes as a quoted
 * string, anything else (non-ASCII, CR/LF, quotes, backslashes, or long) goes as an RFC 2231 extended
 * value in UTF-8 with continuations, never split inside a character.
 */
export function formatParameter(name: string, value: string): string {
  if (TOKEN.test(value) && value.length <= MAX_PLAIN_CHARS) return `${name}=${value}`;
  // A quoted value holding `=?` would be read as RFC 2047 by many clients, so it goes as RFC 2231 instead.
  const isPlainQuotable = /^[\u0020\u0021\u0023-\u005b\u005d-\u007e]*$/.test(value) && !value.includes('=?');
  if (isPlainQuotable && value.length <= MAX_PLAIN_CHARS) return `${name}="${value}"`;
  const segments: string[] = [];
  let current = '';
  for (const char of value) {
    const encoded = percentEncode(char);
    if (current.length + encoded.length > CONTINUATION_CHARS && current !== '') {
      segments.push(current);
      current = '';
    }
    current += encoded;
  }
  segments.push(current);
  if (segments.length === 1) return `${name}*=utf-8''${segments[0]}`;
  return segments.map((segment, i) => `${name}*${i}*=${i === 0 ? "utf-8''" : ''}${segment}`).join('; ');
}

/** `value; a=b; c=d` for Content-Type and Content-Disposition. */
export function formatWithParameters(value: string, parameters: Record<string, string | undefined>): string {
  let out = value;
  for (const [name, parameter] of Object.entries(parameters)) {
    if (parameter !== undefined) out += `; ${formatParameter(name, parameter)}`;
  }
  return out;
}
