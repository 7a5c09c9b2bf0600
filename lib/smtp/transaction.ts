/** One mail transaction on an open connection: MAIL, RCPT, then DATA or BDAT, pipelined where offered. */
import type { Readable } from 'node:stream';
import { SmtpError, toSmtpError, type DeliveryStatus, type SmtpPhase } from './errors.js';
import type { SmtpConnection, CommandLine } from './connection.js';
import { replyText, type SmtpReply } from './reply-parser.js';
import * as commands from './commands.js';
import type { DsnParameters } from './commands.js';
import { formatEnvelopeAddress } from './envelope.js';
import { closingChannelError } from './handshake.js';
import { DataStreamEncoder } from './data-stream.js';
import { BodyReader } from './body-reader.js';
import type { Envelope } from '../mime/message.interface.js';

/** RFC 5321 §4.5.3.1.6: a line of text is at most 998 octets plus CRLF. */
export const MAX_LINE_OCTETS = 998;
/** Bytes read ahead before MAIL: enough to know a small message's size (SIZE, one-write BDAT). */
export const PREBUFFER_BYTES = 256 * 1024;
/** Size of each BDAT chunk of a larger message: big enough to amortise a reply, small enough to stay cheap. */
export const BDAT_CHUNK_BYTES = 128 * 1024;
/** While the socket keeps accepting, yield to the event loop after this many bytes so timers still run. */
const YIELD_EVERY_BYTES = 1024 * 1024;
/** BDAT chunks written before waiting for the oldest reply (RFC 3030 §4.2 allows pipelining them). */
const MAX_BDAT_IN_FLIGHT = 8;
const LONE_DOT = Buffer.from('.\r\n');

/** What a transaction needs from the message. */
export interface TransactionRequest {
  envelope: Envelope;
  dsn?: DsnParameters;
  /** Creates the message bytes once the server's extensions are known: a stream, or a small message's chunks. */
  createBody(context: { smtputf8: boolean; eightBitMime: boolean }): Readable | Buffer[];
  /** Raw messages are checked for over-long lines while streaming (composed ones are built within limits). */
  checkLineLength: boolean;
}

export interface TransactionResult {
  accepted: string[];
  rejected: string[];
  rejectedErrors: SmtpError[];
  response: string;
  messageSize: number;
  envelopeTime: number;
  messageTime: number;
}

/** Where this transaction is, so that a connection failure is reported with the right phase and delivery. */
interface TransactionState {
  phase: SmtpPhase;
  delivery: DeliveryStatus;
}

/**
 * Runs one transaction. On a 4xx/5xx reply the connection stays usable (RSET goes first next time);
 * on a connection failure it is destroyed, and the error says whether the message may have been delivered.
 * Several transactions may run at once on one connection (RFC 2920 with RFC 3030): each writes its commands
 * in one piece under the connection's writer lock, and replies are paired in write order.
 * @throws SmtpError EENVELOPE, EMESSAGE, ESTREAM, or a connection error.
 */
export async function runTransaction(connection: SmtpConnection, request: TransactionRequest): Promise<TransactionResult> {
  const state: TransactionState = { phase: 'mail', delivery: 'not-sent' };
  connection.beginTransaction();
  try {
    return await transact(connection, request, state);
  } catch (err) {
    const failure = toSmtpError(err, 'ESOCKET');
    // The connection's failure is shared by every transaction on it; each reports where it was itself.
    throw failure === connection.failure ? failure.with({ phase: state.phase, delivery: state.delivery }) : failure;
  } finally {
    connection.endTransaction();
  }
}

async function transact(connection: SmtpConnection, request: TransactionRequest, state: TransactionState): Promise<TransactionResult> {
  const started = Date.now();
  const caps = connection.capabilities;
  const smtputf8 = caps.smtpUtf8 && [request.envelope.from, ...request.envelope.to].some((address) => /[^\u0000-\u007f]/.test(address));
  const from = formatEnvelopeAddress(request.envelope.from, smtputf8);
  const recipients = request.envelope.to.map((address) => formatEnvelopeAddress(address, smtputf8));
  const chunking = caps.chunking;

  const encoder = new DataStreamEncoder({ dotStuff: !chunking, maxLineOctets: request.checkLineLength ? MAX_LINE_OCTETS : undefined });
  let body: BodyReader;
  try {
    body = new BodyReader(request.createBody({ smtputf8, eightBitMime: caps.eightBitMime }), encoder);
    await body.prefetch(PREBUFFER_BYTES);
  } catch (err) {
    // Nothing was sent: the message failed before MAIL, and the connection is still in a clean state.
    throw toSmtpError(err, 'ESTREAM', { phase: 'mail' });
  }
  const knownSize = body.isComplete ? body.bufferedBytes : undefined;
  if (knownSize !== undefined && caps.maxSize && knownSize > caps.maxSize) {
    body.discard();
    throw new SmtpError('EMESSAGE', `message of ${knownSize} bytes exceeds the server's SIZE limit of ${caps.maxSize}`, { phase: 'mail' });
  }

  const mailCommand = commands.mailFrom(from, {
    size: caps.maxSize !== undefined ? knownSize : undefined,
    body8bit: caps.eightBitMime,
    smtpUtf8: smtputf8,
    dsnReturn: caps.dsn ? request.dsn?.ret : undefined,
    dsnEnvelopeId: caps.dsn ? request.dsn?.envelopeId : undefined,
  });
  const rcptDsn = caps.dsn && request.dsn ? { notify: request.dsn.notify, originalRecipient: request.dsn.originalRecipient } : undefined;
  const rcptCommands = recipients.map((address) => commands.rcptTo(address, rcptDsn));
  const oneShotBdat = chunking && body.isComplete;
  const pipelined = caps.pipelining;

  // A transaction that writes in several pieces keeps the connection to itself until its last piece is out.
  const releaseWriter = await connection.acquireWriter();
  let writerHeld = true;
  const release = (): void => {
    if (writerHeld) releaseWriter();
    writerHeld = false;
  };
  try {
    const batch: CommandLine[] = [];
    const withReset = connection.needsReset || connection.activeTransactions > 1;
    if (withReset) batch.push({ line: 'RSET' });
    batch.push({ line: mailCommand }, ...rcptCommands.map((line) => ({ line })));
    if (!chunking) batch.push({ line: 'DATA' });
    if (oneShotBdat) batch.push({ line: commands.bdat(body.bufferedBytes, true) });

    const replies = pipelined ? connection.sendBatch(batch, oneShotBdat ? body.takeBuffered() : undefined) : [];
    if (oneShotBdat && pipelined) {
      state.delivery = 'uncertain';
      release();
    }
    const replyAt = (index: number): Promise<SmtpReply> => {
      if (pipelined) return replies[index];
      if (oneShotBdat && index === batch.length - 1) {
        state.delivery = 'uncertain';
        return connection.sendBatch([batch[index]], body.takeBuffered())[0];
      }
      return connection.send(batch[index]);
    };

    let index = 0;
    if (withReset) {
      const reset = await replyAt(index++);
      if (reset.code !== 250) throw replyError('EPROTOCOL', reset, 'RSET', 'mail', 'RSET failed', connection.host);
    }
    // Until this transaction succeeds, a refusal leaves it half open: the next one must RSET first.
    connection.needsReset = true;
    const mailReply = await replyAt(index++);
    const mailError = mailReply.code === 250 ? undefined : replyError('EENVELOPE', mailReply, mailCommand, 'mail', 'sender refused', connection.host);
    if (mailError && (!pipelined || mailError.code === 'ECONNECTION')) throw mailError;

    state.phase = 'rcpt';
    const outcome = { accepted: [] as string[], rejected: [] as string[], rejectedErrors: [] as SmtpError[], envelopeTime: 0, started };
    for (const [i, command] of rcptCommands.entries()) {
      if (mailError && !pipelined) break;
      const reply = await replyAt(index++);
      if (reply.code === 250 || reply.code === 251) {
        outcome.accepted.push(request.envelope.to[i]);
        continue;
      }
      const error = replyError('EENVELOPE', reply, command, 'rcpt', `recipient ${request.envelope.to[i]} refused`, connection.host);
      if (error.code === 'ECONNECTION') throw error;
      outcome.rejected.push(request.envelope.to[i]);
      outcome.rejectedErrors.push(error.with({ rejected: [request.envelope.to[i]] }));
    }
    const envelopeError = mailError ?? (outcome.accepted.length === 0 ? noRecipientsError(outcome.rejected, outcome.rejectedErrors) : undefined);
    outcome.envelopeTime = Date.now() - started;
    state.phase = 'data';

    if (chunking) {
      if (oneShotBdat) {
        if (envelopeError && !pipelined) {
          body.discard();
          throw envelopeError;
        }
        state.phase = 'end';
        const reply = await replyAt(index++);
        if (envelopeError) throw envelopeError;
        return finish(connection, reply, outcome, body.totalBytes);
      }
      if (envelopeError) {
        body.discard();
        throw envelopeError;
      }
      const reply = await sendBdatChunks(connection, body, state);
      release();
      return finish(connection, reply, outcome, body.totalBytes);
    }

    if (envelopeError && !pipelined) {
      body.discard();
      throw envelopeError;
    }
    const dataReply = await replyAt(index++);
    if (dataReply.code !== 354) {
      body.discard();
      throw envelopeError ?? replyError('EMESSAGE', dataReply, 'DATA', 'data', 'DATA refused', connection.host);
    }
    if (envelopeError) {
      // RFC 2920 §3.1: DATA was accepted although no recipient was; an empty message ends it without content.
      body.discard();
      await connection.writeData(LONE_DOT);
      await connection.expectReply();
      throw envelopeError;
    }
    let finalReply: Promise<SmtpReply>;
    if (body.isComplete) {
      // All of it is in memory: content and final dot in one write.
      state.phase = 'end';
      state.delivery = 'uncertain';
      finalReply = connection.expectReply();
      await connection.writeData(Buffer.concat([...body.takeBuffered(), LONE_DOT]));
    } else {
      state.phase = 'body';
      await streamBody(connection, body);
      state.phase = 'end';
      state.delivery = 'uncertain';
      finalReply = connection.expectReply();
      await connection.writeData(LONE_DOT);
    }
    release();
    return finish(connection, await finalReply, outcome, encoder.bytes);
  } finally {
    release();
  }
}

function replyError(code: SmtpError['code'], reply: SmtpReply, command: string, phase: SmtpPhase, what: string, host: string): SmtpError {
  if (reply.code === 421) return closingChannelError(reply, command, host).with({ phase });
  return new SmtpError(code, `${what}: ${reply.code} ${replyText(reply)}`, {
    responseCode: reply.code,
    enhancedStatus: reply.enhancedStatus,
    response: reply.raw,
    command,
    phase,
  });
}

function noRecipientsError(rejected: string[], rejectedErrors: SmtpError[]): SmtpError {
  const first = rejectedErrors[0];
  return new SmtpError('EENVELOPE', `every recipient was refused (${rejected.join(', ')}): ${first?.response ?? ''}`.trim(), {
    responseCode: first?.responseCode,
    enhancedStatus: first?.enhancedStatus,
    response: first?.response,
    command: first?.command,
    rejected,
    rejectedErrors,
    phase: 'rcpt',
  });
}

/** Writes the body with backpressure; a failing source destroys the connection so the dot is never sent. */
async function streamBody(connection: SmtpConnection, body: BodyReader): Promise<void> {
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
    if (err === connection.failure) throw err;
    const failure = toSmtpError(err, 'ESTREAM').with({ phase: 'body', delivery: 'not-sent' });
    // A half-written DATA cannot be taken back: the connection must go (RELIABILITY F27).
    connection.fail(failure);
    throw failure;
  }
}

interface Outcome {
  accepted: string[];
  rejected: string[];
  rejectedErrors: SmtpError[];
  envelopeTime: number;
  started: number;
}

function finish(connection: SmtpConnection, reply: SmtpReply, outcome: Outcome, size: number): TransactionResult {
  if (reply.code !== 250) {
    throw replyError('EMESSAGE', reply, '.', 'end', 'message refused', connection.host);
  }
  connection.needsReset = false;
  connection.messagesSent += 1;
  return {
    accepted: outcome.accepted,
    rejected: outcome.rejected,
    rejectedErrors: outcome.rejectedErrors,
    response: reply.raw,
    messageSize: size,
    envelopeTime: outcome.envelopeTime,
    messageTime: Date.now() - outcome.started - outcome.envelopeTime,
  };
}

/**
 * BDAT (RFC 3030) for a message larger than the read-ahead: counted chunks without dot-stuffing, a few in
 * flight at once; a refused chunk ends the transaction and the connection (the server's state is unknown).
 */
async function sendBdatChunks(connection: SmtpConnection, body: BodyReader, state: TransactionState): Promise<SmtpReply> {
  const inFlight: Array<{ reply: Promise<SmtpReply>; last: boolean }> = [];
  const settleOldest = async (): Promise<SmtpReply> => {
    const { reply, last } = inFlight.shift() as { reply: Promise<SmtpReply>; last: boolean };
    const result = await reply;
    if (result.code !== 250 && !last) {
      const refused = replyError('EMESSAGE', result, 'BDAT', 'data', 'BDAT chunk refused', connection.host);
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
      inFlight.push({ reply: connection.sendBatch([{ line: commands.bdat(bytes, last) }], parts)[0], last });
      if (inFlight.length >= MAX_BDAT_IN_FLIGHT && !last) await settleOldest();
    }
  } catch (err) {
    if (err === connection.failure || (err instanceof SmtpError && err.code === 'EMESSAGE' && err.phase === 'data')) throw err;
    const failure = toSmtpError(err, 'ESTREAM').with({ phase: 'body', delivery: 'not-sent' });
    connection.fail(failure);
    throw failure;
  }
  let finalReply: SmtpReply | undefined;
  while (inFlight.length > 0) finalReply = await settleOldest();
  return finalReply as SmtpReply;
}
