/** The message with DKIM-Signature fields in front: streamed (signMessageStream's result as a Readable at once) or in memory. */
import { Readable } from 'node:stream';
import { toSmtpError } from '../../core/errors.js';
import { signMessageStream } from './sign-stream.js';
import { MessageHasher } from './message-hasher.js';
import { signHeaders } from './sign-headers.js';
import type { DkimOptions } from './dkim-options.js';
import type { ComposeOptions, PreparedMessage } from '../compose.js';

/**
 * Composes `prepared` and signs it with every `dkim` entry. Signing must read the whole message before
 * its first byte can go out (the signature field carries the body hash), so the transaction gets a
 * stream that fills once signing is done: a recomposable message is composed twice (nothing
 * stored), any other is spooled (memory, then a private temporary file), see signMessageStream.
 * Nothing is composed or read until the stream is first read, so a message refused before sending
 * (too large for the server, say) costs no hashing pass.
 *
 * The stream errors with the signer's SmtpError (EMESSAGE for a message without From, ESTREAM when a
 * source fails); destroying it stops the signing and frees the spool.
 */
export function createSignedBody(prepared: PreparedMessage, context: ComposeOptions, dkim: readonly DkimOptions[]): Readable {
  let signed: Readable | undefined;
  let isStarted = false;
  const output = new Readable({
    read() {
      if (signed) {
        signed.resume();
        return;
      }
      if (isStarted) return;
      isStarted = true;
      signMessageStream(() => prepared.compose(context), dkim, { reusable: prepared.isRecomposable }).then(
        (stream) => {
          // The reader gave up while the message was being hashed: release the second pass (and the spool) at once.
          if (output.destroyed) return void stream.destroy();
          signed = stream;
          stream.on('data', (chunk: Buffer) => {
            if (!output.push(chunk)) stream.pause();
          });
          stream.once('end', () => output.push(null));
          stream.once('error', (err) => output.destroy(toSmtpError(err, 'ESTREAM')));
        },
        (err: unknown) => output.destroy(toSmtpError(err, 'ESTREAM')),
      );
    },
    destroy(err, callback) {
      signed?.destroy();
      callback(err);
    },
  });
  return output;
}

/**
 * Signs a small message already rendered in memory, synchronously: its chunks are hashed as they are and
 * the DKIM-Signature fields go in front, with no stream and no second composition.
 * @throws SmtpError EMESSAGE for a message without From (or a header block over 1 MiB); ECONFIG for bad options.
 */
export function signChunks(chunks: Buffer[], dkim: readonly DkimOptions[], now: Date = new Date()): Buffer[] {
  const hasher = new MessageHasher();
  for (const chunk of chunks) hasher.update(chunk);
  const { headerBlock, bodyHash } = hasher.digest();
  return [Buffer.from(signHeaders(headerBlock, bodyHash, dkim, now), 'latin1'), ...chunks];
}
