/** One message on its way: what the transaction needs, and whether it can be sent again after a failure. */
import { Readable, Transform } from 'node:stream';
import { createSignedBody, signChunks } from '../mime/dkim/dkim-body.js';
/** A composed message up to this size is kept, so that a retry can replay it. */
const REPLAY_LIMIT_BYTES = 256 * 1024;
/**
 * A message ready for a transaction. Its content can be produced again for a retry when it was never read,
 * or when it was small enough to keep; a large stream half read cannot be replayed.
 */
export class MessageJob {
    prepared;
    dsn;
    dkim;
    envelope;
    messageId;
    bodyStarted = false;
    replay;
    constructor(prepared, dsn, 
    /** DKIM signatures to add (the transport's `dkim` option); none when empty or unset. */
    dkim) {
        this.prepared = prepared;
        this.dsn = dsn;
        this.dkim = dkim;
        this.envelope = prepared.envelope;
        this.messageId = prepared.messageId;
    }
    /** Whether createBody can be called again. */
    get isReplayable() {
        return !this.bodyStarted || this.replay !== undefined || this.prepared.isRecomposable;
    }
    createBody(context) {
        // Small messages held in memory skip streams altogether, and can always be rendered again.
        const inMemory = this.prepared.renderInMemory?.(context);
        if (inMemory)
            return this.dkim?.length ? signChunks(inMemory, this.dkim) : inMemory;
        if (this.bodyStarted && !this.prepared.isRecomposable) {
            if (!this.replay)
                throw new Error('message content was already consumed');
            return Readable.from(this.replay);
        }
        this.bodyStarted = true;
        // Without DKIM the composer's stream is used as it is: no extra stream per message.
        const source = this.dkim?.length ? createSignedBody(this.prepared, context, this.dkim) : this.prepared.compose(context);
        // Content that can be composed again needs no copy for a retry.
        if (this.prepared.isRecomposable)
            return source;
        const recorder = this.recorder();
        // A failing source must fail the recorder too, or the transaction would wait forever. (pipe() with error
        // forwarding rather than stream.pipeline: the latter costs an AbortController per message.)
        source.on('error', (err) => recorder.destroy(err));
        recorder.once('close', () => source.destroy());
        return source.pipe(recorder);
    }
    /** Keeps a copy of small content for a replay; gives up (and frees it) past the limit. */
    recorder() {
        const copy = [];
        let size = 0;
        let keep = true;
        return new Transform({
            transform: (chunk, _encoding, callback) => {
                if (keep) {
                    size += chunk.length;
                    keep = size <= REPLAY_LIMIT_BYTES;
                    if (keep)
                        copy.push(chunk);
                    else
                        copy.length = 0;
                }
                callback(null, chunk);
            },
            flush: (callback) => {
                if (keep)
                    this.replay = copy;
                callback();
            },
        });
    }
}
//# sourceMappingURL=message-job.js.map