/** Content sources (string, Buffer, Readable, file, URL) resolved and access-checked up front, opened lazily. */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { SmtpError } from '../core/errors.js';
import { parseDataUrl } from './data-url.js';
import { fetchUrl } from './fetch-url.js';
import type { ContentInput } from './message.interface.js';

/** Which source kinds a message may use (`disableFileAccess`, `disableUrlAccess`). */
export interface AccessPolicy {
  /** @defaultValue false */
  disableFileAccess?: boolean;
  /** @defaultValue false */
  disableUrlAccess?: boolean;
}

/** A resolved content source; `file` and `url` are opened only when the message is streamed. */
export type ContentSource =
  | { kind: 'buffer'; data: Buffer; contentType?: string }
  | { kind: 'stream'; stream: Readable }
  | { kind: 'file'; path: string }
  | { kind: 'url'; url: string };

/** The content fields of an attachment, alternative or calendar event. */
export interface SourceFields {
  content?: string | Buffer | Readable;
  path?: string;
  href?: string;
  encoding?: string;
}

/** Whether a value is a readable stream (Node's or any object with the stream reading interface). */
export function isReadable(value: unknown): value is Readable {
  return value instanceof Readable || (typeof value === 'object' && value !== null &&
    typeof (value as Readable).pipe === 'function' && typeof (value as Readable).on === 'function' && typeof (value as Readable).read === 'function');
}

function fileSource(path: string, policy: AccessPolicy, what: string): ContentSource {
  if (policy.disableFileAccess) {
    throw new SmtpError('EFILEACCESS', `${what} reads a file, but file access is disabled (disableFileAccess)`);
  }
  return { kind: 'file', path };
}

/**
 * A location (`path` or `href`) as a source: `data:` is decoded (always allowed: it reads nothing),
 * `file:` and plain paths are files, `http:`/`https:` are URLs. Access is decided here, synchronously,
 * so a refused message opens nothing (file and URL access are checked before the transaction opens).
 * @throws SmtpError EFILEACCESS, EURLACCESS, or EMESSAGE for a malformed data: URL.
 */
export function resolveLocation(location: string, policy: AccessPolicy, what: string, isHref: boolean): ContentSource {
  if (typeof location !== 'string' || location === '') throw new SmtpError('EMESSAGE', `${what}: empty path or href`);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(location)?.[1]?.toLowerCase();
  if (scheme === 'data') return { kind: 'buffer', ...parseDataUrl(location) };
  if (scheme === 'file') {
    let path: string;
    try {
      path = fileURLToPath(location);
    } catch (err) {
      throw new SmtpError('EMESSAGE', `${what}: invalid file: URL`, { cause: err });
    }
    return fileSource(path, policy, what);
  }
  if (scheme === 'http' || scheme === 'https') {
    if (policy.disableUrlAccess) {
      throw new SmtpError('EURLACCESS', `${what} fetches a URL, but URL access is disabled (disableUrlAccess)`);
    }
    try {
      return { kind: 'url', url: new URL(location).href };
    } catch (err) {
      throw new SmtpError('EMESSAGE', `${what}: invalid URL`, { cause: err });
    }
  }
  // A one-letter scheme is a Windows drive (`C:\...`); any other scheme in an href is not fetchable.
  if (isHref || (scheme !== undefined && scheme.length > 1)) {
    throw new SmtpError('EURLACCESS', `${what}: only http:, https:, data: and file: locations are supported`);
  }
  return fileSource(location, policy, what);
}

/**
 * A `text`/`html`/`raw` input as a source.
 * @throws SmtpError EFILEACCESS, EURLACCESS, EMESSAGE
 */
export function resolveContent(input: ContentInput, policy: AccessPolicy, what: string): ContentSource {
  if (typeof input === 'string') return { kind: 'buffer', data: Buffer.from(input, 'utf8') };
  if (Buffer.isBuffer(input)) return { kind: 'buffer', data: input };
  if (input instanceof Uint8Array) return { kind: 'buffer', data: Buffer.from(input) };
  if (isReadable(input)) return { kind: 'stream', stream: input };
  if (typeof input === 'object' && input !== null) {
    if ('path' in input && typeof input.path === 'string') return resolveLocation(input.path, policy, what, false);
    if ('href' in input && typeof input.href === 'string') return resolveLocation(input.href, policy, what, true);
  }
  throw new SmtpError('EMESSAGE', `${what}: expected a string, Buffer, Readable, { path } or { href }`);
}

/**
 * The source of an attachment-like object (`content`, else `path`, else `href`), or null when it has none.
 * A string `content` is decoded with `encoding` (`base64`, `hex`, ...; UTF-8 by default).
 * @throws SmtpError EFILEACCESS, EURLACCESS, EMESSAGE
 */
export function resolveFields(fields: SourceFields, policy: AccessPolicy, what: string): ContentSource | null {
  const { content } = fields;
  if (typeof content === 'string') {
    const encoding = (fields.encoding ?? 'utf8') as BufferEncoding;
    if (!Buffer.isEncoding(encoding)) throw new SmtpError('EMESSAGE', `${what}: unknown encoding ${JSON.stringify(fields.encoding)}`);
    return { kind: 'buffer', data: Buffer.from(content, encoding) };
  }
  if (content !== undefined && content !== null) return resolveContent(content, policy, what);
  if (typeof fields.path === 'string') return resolveLocation(fields.path, policy, what, false);
  if (typeof fields.href === 'string') return resolveLocation(fields.href, policy, what, true);
  return null;
}

/** The file name a source suggests (last path segment of a file or URL), for filenames and type guesses. */
export function suggestedName(source: ContentSource): string | undefined {
  if (source.kind === 'file') return basename(source.path) || undefined;
  if (source.kind === 'url') {
    const segment = new URL(source.url).pathname.split('/').pop();
    try {
      return segment ? decodeURIComponent(segment) : undefined;
    } catch {
      return segment;
    }
  }
  return undefined;
}

/**
 * Opens a source for reading; files and URLs are opened now, not before. Failures surface as
 * stream errors (mapped to ESTREAM by the reader), EURLACCESS for a refused redirect.
 */
export async function openSource(source: ContentSource): Promise<Readable> {
  switch (source.kind) {
    case 'buffer':
      return Readable.from([source.data], { objectMode: false });
    case 'stream':
      return source.stream;
    case 'file':
      return createReadStream(source.path);
    case 'url':
      return fetchUrl(source.url);
  }
}
