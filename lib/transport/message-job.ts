/** One message on its way: what the transaction needs, and whether it can be sent again after a failure. */
import { Readable, Transform } from 'node:stream';
import type { PreparedMessage } from '../mime/compose.js';
import type { DsnParameters } from '../smtp/commands.js';
import type { TransactionRequest } from '../smtp/transaction.js';
import type { BeforeCommitStep } from '../smtp/before-commit.js';
import type { Envelope } from '../core/envelope.js';
import type { DkimOptions } from '../mime/dkim/dkim-options.js';
import { createSignedBody, signChunks } from '../mime/dkim/dkim-body.js';
import { signatureFieldsLength } from '../mime/dkim/sign-headers.js';

/** A composed message up to this size is kept, so that a retry can replay it. */
const REPLAY_LIMIT_BYTES = 256 * 1024;

/**
 * A message ready for a transaction. Its content can be produced again for a retry when it was never read,
 * or when it was small enough to keep; a large stream half read cannot be replayed.
 */
export class MessageJob implements TransactionRequest {
  readonly envelope: Envelope;
  readonly messageId: string;
  /** The caller's step before the final content is written (sendMail's `beforeCommit`). */
  beforeCommit?: BeforeCommitStep;
  private bodyStarted = false;
  private replay?: Buffer[];

  constructor(
    private readonly prepared: PreparedMessage,
    readonly dsn: DsnParameters | undefined,
    /** DKIM signatures to add (the transport's `dkim` option); none when empty or unset. */
    private readonly dkim?: readonly DkimOptions[],
  ) {
    this.envelope = prepared.envelope;
    this.messageId = prepared.messageId;
  }

  /** Whether createBody can be called again. */
  get isReplayable(): boolean {
    return !this.bodyStarted || this.replay !== undefined || this.prepared.isRecomposable;
  }

  createBody(context: { smtputf8: boolean; eightBitMime: boolean }): Readable | Buffer[] {
    // Small messages held in memory skip streams altogether, and can always be rendered again.
    const inMemory = this.prepared.renderInMemory?.(context);
    if (inMemory) return this.dkim?.length ? signChunks(inMemory, this.dkim) : inMemory;
    if (this.bodyStarted && !this.prepared.isRecomposable) {
      if (!this.replay) throw new Error('message content was already consumed');
      return Readable.from(this.replay);
    }
    this.bodyStarted = true;
    // Without DKIM the composer's stream is used as it is: no extra stream per message.
    const source = this.dkim?.length ? createSignedBody(this.prepared, context, this.dkim) : this.prepared.compose(context);
    // Content that can be composed again needs no copy for a retry.
    if (this.prepared.isRecomposable) return source;
    const recorder = this.recorder();
    // A failing source must fail the recorder too, or the transaction would wait forever. (pipe() with error
    // forwarding rather than stream.pipeline: the latter costs an AbortController per message.)
    source.on('error', (err) => recorder.destroy(err));
    recorder.once('close', () => source.destroy());
    return source.pipe(recorder);
  }

  /**
   * The exact size of what createBody gives for `context` when it can be known without reading a stream
   * (see PreparedMessage.measure); with DKIM, plus the signature fields, whose length is fixed for a key and
   * a header block. Undefined when unknown. Asked before the body is read, so a message the server would
   * refuse for its size is refused before anything is read or sent.
   * @throws SmtpError EMESSAGE where composing or signing would fail with it.
   */
  async measureBody(context: { smtputf8: boolean; eightBitMime: boolean }): Promise<number | undefined> {
    const measured = await this.prepared.measure(context);
    if (!measured || !this.dkim?.length) return measured?.size;
    return measured.headerBlock ? measured.size + signatureFieldsLength(measured.headerBlock, this.dkim) : undefined;
  }

  /** Keeps a copy of small content for a replay; gives up (and frees it) past the limit. */
  private recorder(): Transform {
    const copy: Buffer[] = [];
    let size = 0;
    let keep = true;
    return new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        if (keep) {
          size += chunk.length;
          keep = size <= REPLAY_LIMIT_BYTES;
          if (keep) copy.push(chunk);
          else copy.length = 0;
        }
        callback(null, chunk);
      },
      flush: (callback) => {
        if (keep) this.replay = copy;
        callback();
      },
    });
  }
}
