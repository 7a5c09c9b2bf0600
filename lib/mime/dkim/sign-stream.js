/** DKIM-signs a whole message stream: hash first, then replay with the signatures in front. */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { SmtpError } from '../../core/errors.js';
import { validateDkimOptions } from './dkim-options.js';
import { MessageHasher } from './message-hasher.js';
import { signHeaders } from './sign-headers.js';
import { MessageSpool } from './spool.js';
/** Spool bytes held in memory before moving to a temporary file. */
export const DEFAULT_SPOOL_MEMORY_BYTES = 1024 * 1024;
function toBuffer(chunk) {
    return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
}
function sourceError(err) {
    if (err instanceof SmtpError)
        return err;
    const reason = err instanceof Error ? err.message : String(err);
    return new SmtpError('ESTREAM', `reading the message for DKIM signing failed: ${reason}`, { cause: err });
}
/** Reads a source to its end, hashing it for DKIM (and whole, when a fingerprint is wanted), passing each chunk on. */
async function digestSource(source, onChunk, fingerprint) {
    const hasher = new MessageHasher();
    try {
        for await (const chunk of source) {
            const bytes = toBuffer(chunk);
            hasher.update(bytes);
            fingerprint?.update(bytes);
            await onChunk(bytes);
        }
    }
    catch (err) {
        source.destroy();
        throw sourceError(err);
    }
    return hasher.digest();
}
/** The second composition, checked against the first: a difference would make the signature lie. */
async function* replayChecked(createStream, expected) {
    const fingerprint = createHash('sha256');
    try {
        for await (const chunk of createStream()) {
            const bytes = toBuffer(chunk);
            fingerprint.update(bytes);
            yield bytes;
        }
    }
    catch (err) {
        throw sourceError(err);
    }
    // Thrown before the stream ends, so the engine never sends the final dot for a mis-signed message.
    if (fingerprint.digest('base64') !== expected) {
        throw new SmtpError('EMESSAGE', 'the message changed between the DKIM hashing pass and the sending pass; composing it twice must give the same bytes');
    }
}
function prepend(header, body, onClose) {
    async function* chunks() {
        yield Buffer.from(header, 'latin1');
        yield* body;
    }
    const stream = Readable.from(chunks(), { objectMode: false });
    if (onClose)
        stream.once('close', onClose);
    return stream;
}
/**
 * DKIM-signs a message stream: the DKIM-Signature fields (one per options entry) must precede the
 * body they hash, so the message is read once to hash it and once more to send it, either by
 * composing it twice (`reusable: true`; the second pass is checked against the first and the stream
 * errors with `EMESSAGE`, before its end, if they differ) or by spooling the first pass (`reusable:
 * false`; in memory up to `memoryThresholdBytes`, then in a 0600 temporary file, removed when the
 * returned stream closes). The whole message is never held in memory either way.
 *
 * The returned stream is the signed message; consume it or destroy it (that frees the spool).
 * With an empty options list it is `createStream()` itself.
 *
 * @throws SmtpError (as a rejection) `ECONFIG` for bad options; `ESTREAM` when the source fails
 *   while hashing (an SmtpError from the source is passed on as is); `EMESSAGE` when the message has
 *   no From field or a header block over 1 MiB. The returned stream errors with `ESTREAM`/`EMESSAGE` likewise.
 * @example
 * const signed = await signMessageStream(() => prepared.compose({ smtputf8 }), transportOptions.dkim, { reusable: true });
 */
export async function signMessageStream(createStream, options, how) {
    const list = Array.isArray(options) ? [...options] : [options];
    validateDkimOptions(list);
    if (list.length === 0)
        return createStream();
    const now = how.now ?? new Date();
    if (how.reusable) {
        const fingerprint = createHash('sha256');
        const digest = await digestSource(createStream(), () => undefined, fingerprint);
        const header = signHeaders(digest.headerBlock, digest.bodyHash, list, now);
        return prepend(header, replayChecked(createStream, fingerprint.digest('base64')));
    }
    const spool = new MessageSpool({ memoryLimitBytes: how.memoryThresholdBytes ?? DEFAULT_SPOOL_MEMORY_BYTES, tmpDir: how.tmpDir ?? tmpdir() });
    try {
        const digest = await digestSource(createStream(), (chunk) => spool.write(chunk));
        await spool.finish();
        const header = signHeaders(digest.headerBlock, digest.bodyHash, list, now);
        return prepend(header, spool.read(), () => void spool.dispose());
    }
    catch (err) {
        await spool.dispose();
        throw err;
    }
}
//# sourceMappingURL=sign-stream.js.map