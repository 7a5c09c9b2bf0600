/** Headers held as specs until composition, when SMTPUTF8 decides how each is encoded. */
import { formatAddressList, formatPhrase } from '../addresses.js';
import type { ParsedAddress } from '../addresses.js';
import { encodeWords } from './encoded-words.js';
import { assertFitsLineLimit, headerLine, needsEncoding, unstructuredLine } from './header-lines.js';

/**
 * One header to write. `text` is unstructured (RFC 2047 as needed), `addresses` an address list,
 * `raw` a value built here that is already safe ASCII (ids, dates, parameters), `prepared` a
 * caller's pre-encoded value, checked when it was given and written exactly as is.
 */
export type HeaderSpec =
  | { name: string; kind: 'text'; value: string }
  | { name: string; kind: 'addresses'; value: ParsedAddress[] }
  | { name: string; kind: 'raw'; value: string }
  | { name: string; kind: 'prepared'; value: string }
  | { name: string; kind: 'list'; value: ListEntry[]; isId: boolean };

/** One URL of a List-* header (RFC 2369, RFC 2919), with an optional comment. */
export interface ListEntry {
  url: string;
  comment?: string;
}

/**
 * A comment (RFC 5322 §3.2.2): `(`, `)` and `\\` escaped; encoded words (allowed in comments by RFC
 * 2047 §5(2)) when it has line breaks or controls, or non-ASCII without SMTPUTF8.
 */
function formatComment(comment: string, smtpUtf8: boolean): string {
  return needsEncoding(comment, smtpUtf8) ? encodeWords(comment).join(' ') : comment.replace(/[()\\]/g, '\\$&');
}

function formatListEntries(spec: { value: ListEntry[]; isId: boolean }, smtpUtf8: boolean): string {
  return spec.value
    .map(({ url, comment }) => {
      if (!comment) return `<${url}>`;
      // List-Id carries its description as a phrase before the id (RFC 2919 §3), the others as a comment.
      return spec.isId ? `${formatPhrase(comment, smtpUtf8)} <${url}>` : `<${url}> (${formatComment(comment, smtpUtf8)})`;
    })
    .join(', ');
}

/** The header line(s) for a spec, CRLF-terminated. */
export function renderHeader(spec: HeaderSpec, smtpUtf8: boolean): string {
  switch (spec.kind) {
    case 'text':
      return unstructuredLine(spec.name, spec.value, smtpUtf8);
    case 'addresses':
      return assertFitsLineLimit(spec.name, headerLine(spec.name, formatAddressList(spec.value, smtpUtf8)));
    case 'raw':
      return assertFitsLineLimit(spec.name, headerLine(spec.name, spec.value));
    case 'prepared':
      return `${spec.name}: ${spec.value}\r\n`;
    case 'list':
      return assertFitsLineLimit(spec.name, headerLine(spec.name, formatListEntries(spec, smtpUtf8)));
  }
}

/** Header specs in order, all rendered. */
export function renderHeaders(specs: HeaderSpec[], smtpUtf8: boolean): string {
  let out = '';
  for (const spec of specs) out += renderHeader(spec, smtpUtf8);
  return out;
}
