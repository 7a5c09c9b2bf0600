/** The MIME tree: leaves, multiparts and raw parts, each streamed lazily as RFC 5322/2045 bytes. */
import type { Readable } from 'node:stream';
import { SmtpError } from '../core/errors.js';
import type { ContentSource } from './content-sources.js';
import { openSource } from './content-sources.js';
import { Base64Encoder } from './encoders/base64.js';
import type { ChunkEncoder } from './encoders/chunk-transform.js';
import { LineBreakNormalizer } from './encoders/line-breaks.js';
import { LineLengthGuard } from './encoders/line-limit.js';
import { QuotedPrintableEncoder } from './encoders/quoted-printable.js';
import type { HeaderSpec } from './headers/header-spec.js';
import { renderHeaders } from './headers/header-spec.js';
import { chooseTransferEncoding } from './transfer-encoding.js';
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

/** Chunk size for content known in memory, so a large Buffer is still handed out piecewise. */
const BUFFER_SLICE_BYTES = 64 * 1024;

function encodersFor(node: LeafNode, encoding: TransferEncoding | false): ChunkEncoder[] {
  const chain: ChunkEncoder[] = [];
  if (node.isText || encoding === '7bit' || encoding === '8bit') {
    if (encoding !== false) chain.push(new LineBreakNormalizer());
  }
  if (encoding === 'quoted-printable') chain.push(new QuotedPrintableEncoder());
  else if (encoding === 'base64') chain.push(new Base64Encoder());
  // An encoding the caller forced writes the content as it is: its lines must still fit (RFC 5322 §2.1.1).
  else if (node.transferEncoding !== undefined) chain.push(new LineLengthGuard(node.label));
  return chain;
}

function runChain(chain: ChunkEncoder[], chunk: Buffer): Buffer {
  let out = chunk;
  for (const encoder of chain) out = encoder.update(out);
  return out;
}

function finishChain(chain: ChunkEncoder[]): Buffer {
  const pieces: Buffer[] = [];
  for (let i = 0; i < chain.length; i++) {
    let tail = chain[i]!.final();
    for (let j = i + 1; j < chain.length; j++) tail = chain[j]!.update(tail);
    pieces.push(tail);
  }
  return Buffer.concat(pieces);
}

/** The bytes of a source, in order, read only as fast as they are consumed. */
async function* sourceChunks(source: ContentSource, label: string): AsyncGenerator<Buffer> {
  if (source.kind === 'buffer') {
    for (let offset = 0; offset < source.data.length; offset += BUFFER_SLICE_BYTES) {
      yield source.data.subarray(offset, offset + BUFFER_SLICE_BYTES);
    }
    return;
  }
  let stream: Readable;
  try {
    stream = await openSource(source);
    for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
  } catch (err) {
    if (err instanceof SmtpError) throw err;
    throw new SmtpError('ESTREAM', `${label} could not be read: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
}

async function* encodedChunks(source: ContentSource, label: string, chain: ChunkEncoder[]): AsyncGenerator<Buffer> {
  for await (const chunk of sourceChunks(source, label)) {
    const out = runChain(chain, chunk);
    if (out.length > 0) yield out;
  }
  const tail = finishChain(chain);
  if (tail.length > 0) yield tail;
}

/** Encodes content held in memory, slice by slice, without leaving synchronous code. */
export function* encodedBufferChunks(data: Buffer, chain: ChunkEncoder[]): Generator<Buffer> {
  for (let offset = 0; offset < data.length; offset += BUFFER_SLICE_BYTES) {
    const out = runChain(chain, data.subarray(offset, offset + BUFFER_SLICE_BYTES));
    if (out.length > 0) yield out;
  }
  const tail = finishChain(chain);
  if (tail.length > 0) yield tail;
}

/**
 * One part's content with the encoders it goes through, as rendering meets it: content in memory is
 * encoded at once by {@link renderNodeSync} and {@link renderNode}, a stream, file or URL is read by the
 * latter, and measuring (message-size.ts) counts it without encoding where the length follows from the input.
 */
export interface ContentPiece {
  source: ContentSource;
  label: string;
  chain: ChunkEncoder[];
}

/** What rendering yields: bytes, or content still to be encoded. */
export type RenderPiece = Buffer | ContentPiece;

/** {@link RenderPiece} before its text is turned into bytes: header and boundary text (UTF-8), or content. */
type RenderPart = string | ContentPiece;

function leafHeaders(node: LeafNode, encoding: TransferEncoding | false, omit: ReadonlySet<string>, smtpUtf8: boolean): string {
  let out = omit.has('content-type') ? '' : renderHeaders([{ name: 'Content-Type', kind: 'raw', value: node.contentType }], smtpUtf8);
  if (encoding !== false && !omit.has('content-transfer-encoding')) out += `Content-Transfer-Encoding: ${encoding}\r\n`;
  return out + renderHeaders(node.headers, smtpUtf8);
}

/**
 * Renders one node: `prefix` headers (the message headers for the root), the node's own headers,
 * a blank line, and the body. Header names in `omit` (lower case) were replaced by the caller's.
 * Content is yielded with its encoders, for the caller to encode (and read) or measure.
 * @internal for rendering and measuring only
 */
export function* renderPieces(node: MimeNode, options: RenderOptions, prefix = '', omit = new Set<string>()): Generator<RenderPiece> {
  for (const part of renderParts(node, options, prefix, omit)) yield typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
}

/** {@link renderPieces} with the text still as strings (boundaries are ASCII, so UTF-8 serves for all of it). */
function* renderParts(node: MimeNode, options: RenderOptions, prefix: string, omit: ReadonlySet<string>): Generator<RenderPart> {
  if (node.kind === 'raw') {
    if (prefix) yield prefix;
    yield { source: node.source, label: node.label, chain: [new LineLengthGuard(node.label)] };
    return;
  }
  if (node.kind === 'leaf') {
    const encoding = node.transferEncoding ?? chooseTransferEncoding({
      source: node.source, isText: node.isText, preferred: node.preferredTextEncoding, eightBitMime: options.eightBitMime,
    });
    const skipped = node.omit ? new Set([...omit, ...node.omit]) : omit;
    yield `${prefix}${leafHeaders(node, encoding, skipped, options.smtputf8)}\r\n`;
    yield { source: node.source, label: node.label, chain: encodersFor(node, encoding) };
    return;
  }
  const contentType = omit.has('content-type') ? '' : `Content-Type: multipart/${node.subtype};\r\n boundary="${node.boundary}"\r\n`;
  yield `${prefix}${contentType}${renderHeaders(node.headers, options.smtputf8)}\r\n`;
  for (let i = 0; i < node.children.length; i++) {
    yield `${i === 0 ? '' : '\r\n'}--${node.boundary}\r\n`;
    yield* renderParts(node.children[i]!, options, '', NO_OMISSIONS);
  }
  yield `\r\n--${node.boundary}--\r\n`;
}

/** Children of a multipart omit nothing (the caller's headers replace only the top level's); never modified. */
const NO_OMISSIONS: ReadonlySet<string> = new Set<string>();

/** Streams one node (see {@link renderPieces}), reading streams, files and URLs only as fast as consumed. */
export async function* renderNode(node: MimeNode, options: RenderOptions, prefix = '', omit = new Set<string>()): AsyncGenerator<Buffer> {
  for (const piece of renderPieces(node, options, prefix, omit)) {
    if (Buffer.isBuffer(piece)) yield piece;
    else if (piece.source.kind === 'buffer') yield* encodedBufferChunks(piece.source.data, piece.chain);
    else yield* encodedChunks(piece.source, piece.label, piece.chain);
  }
}

/** Bytes of in-memory content in a tree, or undefined when some content is a stream, file or URL. */
export function inMemorySize(node: MimeNode): number | undefined {
  if (node.kind === 'multipart') {
    let total = 0;
    for (const child of node.children) {
      const size = inMemorySize(child);
      if (size === undefined) return undefined;
      total += size;
    }
    return total;
  }
  return node.source.kind === 'buffer' ? node.source.data.length : undefined;
}

/**
 * Renders a tree whose content is all in memory at once, synchronously: the cheap path for the many small
 * messages an app sends. Check {@link inMemorySize} first; this holds the whole encoded message.
 * @throws SmtpError as the stream would fail (EMESSAGE for a header this server cannot take).
 */
export function renderNodeSync(node: MimeNode, options: RenderOptions, prefix = '', omit = new Set<string>()): Buffer[] {
  const parts: Array<string | Buffer> = [];
  // Text is at most 3 octets a UTF-16 unit: one allocation holds it all, with no Buffer per header block.
  let bound = 0;
  for (const part of renderParts(node, options, prefix, omit)) {
    if (typeof part === 'string') {
      parts.push(part);
      bound += part.length * 3;
    } else if (part.source.kind === 'buffer') {
      for (const chunk of encodedBufferChunks(part.source.data, part.chain)) {
        parts.push(chunk);
        bound += chunk.length;
      }
    } else {
      throw new Error('renderNodeSync needs content held in memory');
    }
  }
  const out = Buffer.allocUnsafe(bound);
  let length = 0;
  for (const part of parts) length += typeof part === 'string' ? out.write(part, length, 'utf8') : part.copy(out, length);
  return [out.subarray(0, length)];
}
