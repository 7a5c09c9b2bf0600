import { SmtpError } from '../core/errors.js';
import { openSource } from './content-sources.js';
import { Base64Encoder } from './encoders/base64.js';
import { LineBreakNormalizer } from './encoders/line-breaks.js';
import { LineLengthGuard } from './encoders/line-limit.js';
import { QuotedPrintableEncoder } from './encoders/quoted-printable.js';
import { renderHeaders } from './headers/header-spec.js';
import { chooseTransferEncoding } from './transfer-encoding.js';
/** Chunk size for content known in memory, so a large Buffer is still handed out piecewise. */
const BUFFER_SLICE_BYTES = 64 * 1024;
function encodersFor(node, encoding) {
    const chain = [];
    if (node.isText || encoding === '7bit' || encoding === '8bit') {
        if (encoding !== false)
            chain.push(new LineBreakNormalizer());
    }
    if (encoding === 'quoted-printable')
        chain.push(new QuotedPrintableEncoder());
    else if (encoding === 'base64')
        chain.push(new Base64Encoder());
    // An encoding the caller forced writes the content as it is: its lines must still fit (RFC 5322 §2.1.1).
    else if (node.transferEncoding !== undefined)
        chain.push(new LineLengthGuard(node.label));
    return chain;
}
function runChain(chain, chunk) {
    let out = chunk;
    for (const encoder of chain)
        out = encoder.update(out);
    return out;
}
function finishChain(chain) {
    const pieces = [];
    for (let i = 0; i < chain.length; i++) {
        let tail = chain[i].final();
        for (let j = i + 1; j < chain.length; j++)
            tail = chain[j].update(tail);
        pieces.push(tail);
    }
    return Buffer.concat(pieces);
}
/** The bytes of a source, in order, read only as fast as they are consumed. */
async function* sourceChunks(source, label) {
    if (source.kind === 'buffer') {
        for (let offset = 0; offset < source.data.length; offset += BUFFER_SLICE_BYTES) {
            yield source.data.subarray(offset, offset + BUFFER_SLICE_BYTES);
        }
        return;
    }
    let stream;
    try {
        stream = await openSource(source);
        for await (const chunk of stream)
            yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    }
    catch (err) {
        if (err instanceof SmtpError)
            throw err;
        throw new SmtpError('ESTREAM', `${label} could not be read: ${err?.message ?? String(err)}`, { cause: err });
    }
}
async function* encodedChunks(source, label, chain) {
    for await (const chunk of sourceChunks(source, label)) {
        const out = runChain(chain, chunk);
        if (out.length > 0)
            yield out;
    }
    const tail = finishChain(chain);
    if (tail.length > 0)
        yield tail;
}
/** Encodes content held in memory, slice by slice, without leaving synchronous code. */
function* encodedBufferChunks(data, chain) {
    for (let offset = 0; offset < data.length; offset += BUFFER_SLICE_BYTES) {
        const out = runChain(chain, data.subarray(offset, offset + BUFFER_SLICE_BYTES));
        if (out.length > 0)
            yield out;
    }
    const tail = finishChain(chain);
    if (tail.length > 0)
        yield tail;
}
function contentPieces(source, label, chain) {
    return source.kind === 'buffer' ? encodedBufferChunks(source.data, chain) : [{ source, label, chain }];
}
function leafHeaders(node, encoding, omit, smtpUtf8) {
    let out = omit.has('content-type') ? '' : renderHeaders([{ name: 'Content-Type', kind: 'raw', value: node.contentType }], smtpUtf8);
    if (encoding !== false && !omit.has('content-transfer-encoding'))
        out += `Content-Transfer-Encoding: ${encoding}\r\n`;
    return out + renderHeaders(node.headers, smtpUtf8);
}
/**
 * Renders one node: `prefix` headers (the message headers for the root), the node's own headers,
 * a blank line, and the body. Header names in `omit` (lower case) were replaced by the caller's.
 * Content in memory is encoded here; other content is yielded as pending, for the caller to read.
 */
function* renderPieces(node, options, prefix = '', omit = new Set()) {
    if (node.kind === 'raw') {
        if (prefix)
            yield Buffer.from(prefix, 'utf8');
        yield* contentPieces(node.source, node.label, [new LineLengthGuard(node.label)]);
        return;
    }
    if (node.kind === 'leaf') {
        const encoding = node.transferEncoding ?? chooseTransferEncoding({
            source: node.source, isText: node.isText, preferred: node.preferredTextEncoding, eightBitMime: options.eightBitMime,
        });
        const skipped = node.omit ? new Set([...omit, ...node.omit]) : omit;
        yield Buffer.from(`${prefix}${leafHeaders(node, encoding, skipped, options.smtputf8)}\r\n`, 'utf8');
        yield* contentPieces(node.source, node.label, encodersFor(node, encoding));
        return;
    }
    const contentType = omit.has('content-type') ? '' : `Content-Type: multipart/${node.subtype};\r\n boundary="${node.boundary}"\r\n`;
    yield Buffer.from(`${prefix}${contentType}${renderHeaders(node.headers, options.smtputf8)}\r\n`, 'utf8');
    for (let i = 0; i < node.children.length; i++) {
        yield Buffer.from(`${i === 0 ? '' : '\r\n'}--${node.boundary}\r\n`, 'latin1');
        yield* renderPieces(node.children[i], options);
    }
    yield Buffer.from(`\r\n--${node.boundary}--\r\n`, 'latin1');
}
/** Streams one node (see {@link renderPieces}), reading streams, files and URLs only as fast as consumed. */
export async function* renderNode(node, options, prefix = '', omit = new Set()) {
    for (const piece of renderPieces(node, options, prefix, omit)) {
        if (Buffer.isBuffer(piece))
            yield piece;
        else
            yield* encodedChunks(piece.source, piece.label, piece.chain);
    }
}
/** Bytes of in-memory content in a tree, or undefined when some content is a stream, file or URL. */
export function inMemorySize(node) {
    if (node.kind === 'multipart') {
        let total = 0;
        for (const child of node.children) {
            const size = inMemorySize(child);
            if (size === undefined)
                return undefined;
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
export function renderNodeSync(node, options, prefix = '', omit = new Set()) {
    const out = [];
    for (const piece of renderPieces(node, options, prefix, omit)) {
        if (!Buffer.isBuffer(piece))
            throw new Error('renderNodeSync needs content held in memory');
        out.push(piece);
    }
    return out;
}
//# sourceMappingURL=render-tree.js.map