import type { ContentSource } from './content-sources.js';
import type { HeaderSpec } from './headers/header-spec.js';
import type { TransferEncoding } from './transfer-encoding.js';
/** One body part with content. */
export interface LeafNode {
    kind: 'leaf';
    /** Full Content-Type value, parameters included. */
    contentType: string;
    /** Headers after Content-Type and Content-Transfer-Encoding (disposition, id, custom). */
    headers: HeaderSpec[];
    source: ContentSource;
    isText: boolean;
    /** An encoding the caller chose; `false` writes the content as it is, with no CTE header. */
    transferEncoding?: TransferEncoding | false;
    preferredTextEncoding?: 'quoted-printable' | 'base64';
    /** Names the content in error messages (`attachment "a.pdf"`). */
    label: string;
    /** Generated headers (lower-case names) left out because the caller's `headers` set them. */
    omit?: Set<string>;
}
/** A multipart (RFC 2046 §5.1) of other nodes. */
export interface MultipartNode {
    kind: 'multipart';
    subtype: 'mixed' | 'related' | 'alternative';
    boundary: string;
    headers: HeaderSpec[];
    children: MimeNode[];
}
/** A complete part (headers and body) given by the caller, or a whole `raw` message. */
export interface RawNode {
    kind: 'raw';
    source: ContentSource;
    label: string;
}
export type MimeNode = LeafNode | MultipartNode | RawNode;
/** What composition may use: SMTPUTF8 headers and 8bit bodies, when the server offers them. */
export interface RenderOptions {
    smtputf8: boolean;
    eightBitMime: boolean;
}
/** Streams one node (see {@link renderPieces}), reading streams, files and URLs only as fast as consumed. */
export declare function renderNode(node: MimeNode, options: RenderOptions, prefix?: string, omit?: Set<string>): AsyncGenerator<Buffer>;
/** Bytes of in-memory content in a tree, or undefined when some content is a stream, file or URL. */
export declare function inMemorySize(node: MimeNode): number | undefined;
/**
 * Renders a tree whose content is all in memory at once, synchronously: the cheap path for the many small
 * messages an app sends. Check {@link inMemorySize} first; this holds the whole encoded message.
 * @throws SmtpError as the stream would fail (EMESSAGE for a header this server cannot take).
 */
export declare function renderNodeSync(node: MimeNode, options: RenderOptions, prefix?: string, omit?: Set<string>): Buffer[];
