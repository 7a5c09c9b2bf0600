/** One message on its way: what the transaction needs, and whether it can be sent again after a failure. */
import { Readable } from 'node:stream';
import type { PreparedMessage } from '../mime/compose.js';
import type { DsnParameters } from '../smtp/commands.js';
import type { TransactionRequest } from '../smtp/transaction.js';
import type { Envelope } from '../core/envelope.js';
import type { DkimOptions } from '../mime/dkim/dkim-options.js';
/**
 * A message ready for a transaction. Its content can be produced again for a retry when it was never read,
 * or when it was small enough to keep; a large stream half read cannot be replayed.
 */
export declare class MessageJob implements TransactionRequest {
    private readonly prepared;
    readonly dsn: DsnParameters | undefined;
    /** DKIM signatures to add (the transport's `dkim` option); none when empty or unset. */
    private readonly dkim?;
    readonly envelope: Envelope;
    readonly messageId: string;
    private bodyStarted;
    private replay?;
    constructor(prepared: PreparedMessage, dsn: DsnParameters | undefined, 
    /** DKIM signatures to add (the transport's `dkim` option); none when empty or unset. */
    dkim?: readonly DkimOptions[] | undefined);
    /** Whether createBody can be called again. */
    get isReplayable(): boolean;
    createBody(context: {
        smtputf8: boolean;
        eightBitMime: boolean;
    }): Readable | Buffer[];
    /** Keeps a copy of small content for a replay; gives up (and frees it) past the limit. */
    private recorder;
}
