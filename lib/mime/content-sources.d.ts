import { Readable } from 'node:stream';
import type { ContentInput } from './message.interface.js';
/** Which source kinds a message may use (SPEC `disableFileAccess`, `disableUrlAccess`). */
export interface AccessPolicy {
    /** @defaultValue false */
    disableFileAccess?: boolean;
    /** @defaultValue false */
    disableUrlAccess?: boolean;
}
/** A resolved content source; `file` and `url` are opened only when the message is streamed. */
export type ContentSource = {
    kind: 'buffer';
    data: Buffer;
    contentType?: string;
} | {
    kind: 'stream';
    stream: Readable;
} | {
    kind: 'file';
    path: string;
} | {
    kind: 'url';
    url: string;
};
/** The content fields of an attachment, alternative or calendar event. */
export interface SourceFields {
    content?: string | Buffer | Readable;
    path?: string;
    href?: string;
    encoding?: string;
}
/** Whether a value is a readable stream (Node's or any object with the stream reading interface). */
export declare function isReadable(value: unknown): value is Readable;
/**
 * A location (`path` or `href`) as a source: `data:` is decoded (always allowed: it reads nothing),
 * `file:` and plain paths are files, `http:`/`https:` are URLs. Access is decided here, synchronously,
 * so a refused message opens nothing (SPEC, Security).
 * @throws SmtpError EFILEACCESS, EURLACCESS, or EMESSAGE for a malformed data: URL.
 */
export declare function resolveLocation(location: string, policy: AccessPolicy, what: string, isHref: boolean): ContentSource;
/**
 * A `text`/`html`/`raw` input as a source.
 * @throws SmtpError EFILEACCESS, EURLACCESS, EMESSAGE
 */
export declare function resolveContent(input: ContentInput, policy: AccessPolicy, what: string): ContentSource;
/**
 * The source of an attachment-like object (`content`, else `path`, else `href`), or null when it has none.
 * A string `content` is decoded with `encoding` (`base64`, `hex`, ...; UTF-8 by default).
 * @throws SmtpError EFILEACCESS, EURLACCESS, EMESSAGE
 */
export declare function resolveFields(fields: SourceFields, policy: AccessPolicy, what: string): ContentSource | null;
/** The file name a source suggests (last path segment of a file or URL), for filenames and type guesses. */
export declare function suggestedName(source: ContentSource): string | undefined;
/**
 * Opens a source for reading; files and URLs are opened now, not before. Failures surface as
 * stream errors (mapped to ESTREAM by the reader), EURLACCESS for a refused redirect.
 */
export declare function openSource(source: ContentSource): Promise<Readable>;
