/** Writing message content: a DATA stream with backpressure, or BDAT chunks with a few in flight. */
import { SmtpError, toSmtpError } from '../core/errors.js';
import { bdat } from './commands.js';
import { refusalError } from './reply-errors.js';
/** Size of each BDAT chunk of a larger message: big enough to amortise a reply, small enough to stay cheap. */
export const BDAT_CHUNK_BYTES = 128 * 1024;
/** BDAT chunks written before waiting for the oldest reply (RFC 3030 §4.2 allows pipelining them). */
const MAX_BDAT_IN_FLIGHT = 8;
/** While the socket keeps accepting, yield to the event loop after this many bytes so timers still run. */
const YIELD_EVERY_BYTES = 1024 * 1024;
/**
 * A source that failed mid-content: the half-written DATA or BDAT cannot be taken back, so the connection
 * goes with it (RELIABILITY F27) and the message is certainly not delivered.
 */
function abandon(connection, err) {
    if (err === connection.failure)
        return err;
    const failure = toSmtpError(err, 'ESTREAM').with({ phase: 'body', delivery: 'not-sent' });
    connection.fail(failure);
    return failure;
}
/** Writes DATA content with backpressure, yielding now and then; the final dot is the caller's. */
export async function streamContent(connection, body) {
    try {
        let sinceYield = 0;
        for await (const chunk of body.chunks()) {
            await connection.writeData(chunk);
            sinceYield += chunk.length;
            if (sinceYield >= YIELD_EVERY_BYTES) {
                sinceYield = 0;
                await new Promise((resolve) => setImmediate(resolve));
            }
        }
    }
    catch (err) {
        throw abandon(connection, err);
    }
}
/**
 * BDAT (RFC 3030) for a message larger than the read-ahead: counted chunks without dot-stuffing, several in
 * flight; a refused chunk ends the transaction and the connection (the server's state is then unknown).
 * Resolves the reply to the last chunk.
 */
export async function sendBdatChunks(connection, body, state) {
    const inFlight = [];
    const settleOldest = async () => {
        const { reply, last } = inFlight.shift();
        const result = await reply;
        if (result.code !== 250 && !last) {
            const refused = refusalError('EMESSAGE', result, 'BDAT', 'data', 'BDAT chunk refused', connection.host);
            connection.fail(refused);
            throw refused;
        }
        return result;
    };
    try {
        for await (const { parts, bytes, last } of body.sizedChunks(BDAT_CHUNK_BYTES)) {
            if (last) {
                state.phase = 'end';
                state.delivery = 'uncertain';
            }
            inFlight.push({ reply: connection.sendBatch([{ line: bdat(bytes, last) }], parts)[0], last });
            if (inFlight.length >= MAX_BDAT_IN_FLIGHT && !last)
                await settleOldest();
        }
    }
    catch (err) {
        if (err instanceof SmtpError && err.code === 'EMESSAGE' && err.phase === 'data')
            throw err;
        throw abandon(connection, err);
    }
    let finalReply;
    while (inFlight.length > 0)
        finalReply = await settleOldest();
    return finalReply;
}
//# sourceMappingURL=content-transfer.js.map