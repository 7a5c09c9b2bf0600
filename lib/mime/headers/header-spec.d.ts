import type { ParsedAddress } from '../addresses.js';
/**
 * One header to write. `text` is unstructured (RFC 2047 as needed), `addresses` an address list,
 * `raw` a value built here that is already safe ASCII (ids, dates, parameters), `prepared` a
 * caller's pre-encoded value, checked when it was given and written exactly as is.
 */
export type HeaderSpec = {
    name: string;
    kind: 'text';
    value: string;
} | {
    name: string;
    kind: 'addresses';
    value: ParsedAddress[];
} | {
    name: string;
    kind: 'raw';
    value: string;
} | {
    name: string;
    kind: 'prepared';
    value: string;
} | {
    name: string;
    kind: 'list';
    value: ListEntry[];
    isId: boolean;
};
/** One URL of a List-* header (RFC 2369, RFC 2919), with an optional comment. */
export interface ListEntry {
    url: string;
    comment?: string;
}
/** The header line(s) for a spec, CRLF-terminated. */
export declare function renderHeader(spec: HeaderSpec, smtpUtf8: boolean): string;
/** Header specs in order, all rendered. */
export declare function renderHeaders(specs: HeaderSpec[], smtpUtf8: boolean): string;
