/** The message with DKIM-Signature fields in front: streamed (signMessageStream's result as a Readable at once) or in memory. */
import { type Readable } from 'node:stream';
import type { DkimOptions } from './dkim-options.js';
import type { ComposeOptions, PreparedMessage } from '../compose.js';
/**
 * Composes `prepared` and signs it with every `dkim` entry. Signing must read the whole message before
 * its first byte can go out (the signature field carries the body hash), so the transaction gets a
 * stream now that fills once signing is done: a recomposable message is composed twice (nothing
 * stored), any other is spooled (memory, then a private temporary file), see signMessageStream.
 *
 * The stream errors with the signer's SmtpError (EMESSAGE for a message without From, ESTREAM when a
 * source fails); destroying it stops the signing and frees the spool.
 */
export declare function createSignedBody(prepared: PreparedMessage, context: ComposeOptions, dkim: readonly DkimOptions[]): Readable;
/**
 * Signs a small message already rendered in memory, synchronously: its chunks are hashed as they are and
 * the DKIM-Signature fields go in front, with no stream and no second composition.
 * @throws SmtpError EMESSAGE for a message without From (or a header block over 1 MiB); ECONFIG for bad options.
 */
export declare function signChunks(chunks: Buffer[], dkim: readonly DkimOptions[], now?: Date): Buffer[];
