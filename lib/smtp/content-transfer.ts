/** Writing message content: a DATA stream with backpressure, or BDAT chunks with a few in flight. */
import { SmtpError, toSmtpError, type DeliveryStatus, type SmtpPhase } from '../core/errors.js';
import type { SmtpConnection } from './connection.js';
import type { SmtpReply } from './reply-parser.js';
import type { BodyReader } from './body-reader.js';
import { bdat } from './commands.js';
import { refusalError } from './reply-errors.js';
import { inStep } from './reply-step.js';
import { runBeforeCommit, type BeforeCommitStep } from './before-commit.js';

/** Size of each BDAT chunk of a larger message: big enough to amortise a reply, small enough to stay cheap. */
export const BDAT_CHUNK_BYTES = 128 * 1024;
/** BDAT chunks written before waiting for the oldest reply (RFC 3030 §4.2 allows pipelining them). */
const MAX_BDAT_IN_FLIGHT = 8;
/** While the socket keeps accepting, yield to the event loop after this many bytes so timers still run. */
const YIELD_EVERY_BYTES = 1024 * 1024;

/** Where a transaction is, so that a failure is reported with its phase and delivery status. */
export interface TransactionState {
  phase: SmtpPhase;
  /** The final dot or the last BDAT chunk was handed to the socket: from then on the message may be delivered. */
  finalWritten: boolean;
  /** The server refused the final content (or, pipelined, the whole transaction), in step: certainly not delivered. */
  refused: boolean;
  /**
   * Told once the final content's reply has arrived while the verdict waits for the next reply to be checked: the
   * transaction no longer counts as in flight, so another may be written meanwhile (see runTransaction).
   */
  onAnswered?: () => void;
}

/**
 * What a failure means for the message, derived from what was written rather than from which reply failed:
 * once the final content went out, any failure but an in-step refusal leaves the delivery unknown.
 */
export function deliveryOf(state: TransactionState): DeliveryStatus {
  return state.finalWritten && !state.refused ? 'uncertain' : 'not-sent';
}

/**
 * A source that failed mid-content: the half-written DATA or BDAT cannot be taken back, so the connection
 * goes with it (docs/reliability.md F27) and the message is certainly not delivered.
 */
function abandon(connection: SmtpConnection, err: unknown): SmtpError {
  if (err === connection.failure) return err as SmtpError;
  const failure = toSmtpError(err, 'ESTREAM').with({ phase: 'body', delivery: 'not-sent' });
  connection.fail(failure);
  return failure;
}

/** Writes DATA content with backpressure, yielding now and then; the final dot is the caller's. */
export async function streamContent(connection: SmtpConnection, body: BodyReader): Promise<void> {
  try {
    let sinceYield = 0;
    for await (const chunk of body.chunks()) {
      await connection.writeData(chunk);
      sinceYield += chunk.length;
      if (sinceYield >= YIELD_EVERY_BYTES) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  } catch (err) {
    throw abandon(connection, err);
  }
}

/**
 * BDAT (RFC 3030) for a message larger than the read-ahead: counted chunks without dot-stuffing, several in
 * flight; a refused chunk ends the transaction and the connection (the server's state is then unknown).
 * Resolves the reply to the last chunk. `beforeCommit` runs before the last chunk is written.
 */
export async function sendBdatChunks(
  connection: SmtpConnection,
  body: BodyReader,
  state: TransactionState,
  beforeCommit?: BeforeCommitStep,
): Promise<SmtpReply> {
  const inFlight: Array<{ reply: Promise<SmtpReply>; last: boolean }> = [];
  const settleOldest = async (): Promise<{ result: SmtpReply; last: boolean }> => {
    const { reply, last } = inFlight.shift() as { reply: Promise<SmtpReply>; last: boolean };
    const result = inStep(connection, last ? 'end' : 'chunk', await reply);
    if (result.code !== 250 && !last) {
      const refused = refusalError('EMESSAGE', result, 'BDAT', 'data', 'BDAT chunk refused', connection.host);
      connection.fail(refused);
      throw refused;
    }
    return { result, last };
  };
  try {
    for await (const { parts, bytes, last } of body.sizedChunks(BDAT_CHUNK_BYTES)) {
      // A failing step abandons the half-sent chunks below, like a failing source: nothing is committed.
      if (last && beforeCommit) await runBeforeCommit(beforeCommit, 'body');
      const { replies, written } = connection.writeBatch([{ line: bdat(bytes, last) }], parts);
      if (last && written) {
        state.phase = 'end';
        state.finalWritten = true;
      }
      inFlight.push({ reply: replies[0], last });
      if (inFlight.length >= MAX_BDAT_IN_FLIGHT && !last) await settleOldest();
    }
  } catch (err) {
    if (err instanceof SmtpError && err.code === 'EMESSAGE' && err.phase === 'data') throw err;
    throw abandon(connection, err);
  }
  // The message's answer is the reply paired with the LAST chunk, counted in order; a chunk's reply never is.
  for (;;) {
    const { result, last } = await settleOldest();
    if (last) return result;
  }
}
