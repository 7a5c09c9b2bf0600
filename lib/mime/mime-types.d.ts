/** Content types guessed from file names: a small hand-written table of the common types. */
/** The fallback for unknown content (RFC 2046 §4.5.1). */
export declare const DEFAULT_CONTENT_TYPE = "application/octet-stream";
/** The content type for a file name by its extension, or `application/octet-stream`. */
export declare function contentTypeFor(filename: string | undefined): string;
