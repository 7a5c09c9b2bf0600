import { Readable } from 'node:stream';
import { type DkimOptions } from './dkim-options.js';
/** How {@link signMessageStream} gets the message a second time. */
export interface SignMessageStreamOptions {
    /**
     * `true` when `createStream()` may be called again and yields the same bytes each time (every
     * source is a string, Buffer or file, and composing is deterministic): the message is composed
     * twice and nothing is stored. `false` when a source is a one-shot Readable: the first pass is
     * spooled (memory, then a temporary file) and replayed.
     */
    reusable: boolean;
    /** Spool bytes kept in memory before moving to a file. @defaultValue 1048576 (1 MiB) */
    memoryThresholdBytes?: number;
    /** Where the spool file goes. @defaultValue os.tmpdir() */
    tmpDir?: string;
    /** Signing time, `t=`. @defaultValue now */
    now?: Date;
}
/** Spool bytes held in memory before moving to a temporary file. */
export declare const DEFAULT_SPOOL_MEMORY_BYTES: number;
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
export declare function signMessageStream(createStream: () => Readable, options: DkimOptions | readonly DkimOptions[], how: SignMessageStreamOptions): Promise<Readable>;
