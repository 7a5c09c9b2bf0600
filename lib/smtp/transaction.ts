/** One mail transaction on an open connection: MAIL, RCPT, then DATA or BDAT, pipelined where offered. */
import type { Readable } from 'node:stream';
import { SmtpError, toSmtpError, type SmtpPhase } from './errors.js';
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
/** Size of each BDAT chunk of a larger message. */
export const BDAT_CHUNK_BYTES = 1024 * 1024;
/** BDAT chunks written before waiting for the oldest reply (RFC 3030 §4.2 allows pipelining them). */
const MAX_BDAT_IN_FLIGHT = 4;

/** What a transaction needs from the message. */
export interface TransactionRequest {
  envelope: Envelope;
  dsn?: DsnParameters;
  /** Creates the message bytes once the server's extensions are known. */
  createBody(context: { smtputf8: boolean; eightBitMime: boolean }): Readable;
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

/**
 * Runs one transaction. On a 4xx/5xx reply the connection stays usable (RSET goes first next time);
 * on a connection failure it is destroyed, and the error says whether the message may have been delivered.
 * @throws SmtpError EENVELOPE, EMESSAGE, ESTREAM, or a connection error.
 */
export async function runTransaction(connection: SmtpConnection, request: TransactionRequest): Promise<TransactionResult> {
  const started = Date.now();
  const caps = connection.capabilities;
  connection.setPhase('mail');
  connection.delivery = 'not-sent';
  const smtputf8 = caps.smtpUtf8 && [request.envelope.from, ...request.envelope.to].some((address) => /[^\u0000-\u007f]/.test(address));
  const from = formatEnvelopeAddress(request.envelope.from, smtputf8);
  const recipients = request.envelope.to.map((address) => formatEnvelopeAddress(address, smtputf8));
  const chunking = caps.chunking;

  const encoder = new DataStreamEncoder({ dotStuff: !chunking, maxLineOctets: request.checkLineLength ? MAX_LINE_OCTETS : undefined });
  const body = new BodyReader(request.createBody({ smtputf8, eightBitMime: caps.eightBitMime }), encoder);
  try {
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

  const batch: CommandLine[] = [];
  if (connection.needsReset) batch.push({ line: 'RSET' });
  batch.push({ line: mailCommand }, ...rcptCommands.map((line) => ({ line })));
  const oneShotBdat = chunking && body.isComplete;
  if (!chunking) batch.push({ line: 'DATA' });
  if (oneShotBdat) batch.push({ line: commands.bdat(body.bufferedBytes, true) });

  const pipelined = caps.pipelining;
  const replies = pipelined
    ? connection.sendBatch(batch, oneShotBdat ? body.takeBuffered() : undefined)
    : [];
  if (oneShotBdat && pipelined) connection.delivery = 'uncertain';
  const replyAt = async (index: number): Promise<SmtpReply> => {
    if (pipelined) return replies[index];
    if (oneShotBdat && index === batch.length - 1) {
      connection.delivery = 'uncertain';
      return connection.sendBatch([batch[index]], body.takeBuffered())[0];
    }
    return connection.send(batch[index]);
  };

  let index = 0;
  if (connection.needsReset) {
    const reset = await replyAt(index++);
    if (reset.code !== 250) throw replyError('EPROTOCOL', reset, 'RSET', 'mail', 'RSET failed', connection.host);
    connection.needsReset = false;
  }
  // From here until success, any 4xx/5xx leaves a half-open transaction that the next one must RSET.
  connection.needsReset = true;
  const mailReply = await replyAt(index++);
  const mailError = mailReply.code === 250 ? undefined : replyError('EENVELOPE', mailReply, mailCommand, 'mail', 'sender refused', connection.host);
  if (mailError && (!pipelined || mailError.code === 'ECONNECTION')) throw mailError;

  connection.setPhase('rcpt');
  const accepted: string[] = [];
  const rejected: string[] = [];
  const rejectedErrors: SmtpError[] = [];
  for (const [i, command] of rcptCommands.entries()) {
    if (mailError && !pipelined) break;
    const reply = await replyAt(index++);
    if (reply.code === 250 || reply.code === 251) {
      accepted.push(request.envelope.to[i]);
    } else {
      const error = replyError('EENVELOPE', reply, command, 'rcpt', `recipient ${request.envelope.to[i]} refused`, connection.host);
      if (error.code === 'ECONNECTION') throw error;
      rejected.push(request.envelope.to[i]);
      rejectedErrors.push(error.with({ rejected: [request.envelope.to[i]] }));
    }
  }
  const envelopeError = mailError ?? (accepted.length === 0 ? noRecipientsError(rejected, rejectedErrors) : undefined);
  const envelopeTime = Date.now() - started;

  if (chunking) {
    return sendByBdat(connection, body, { oneShot: oneShotBdat, pipelined, replyAt: () => replyAt(index++), envelopeError, accepted, rejected, rejectedErrors, envelopeTime, started });
  }
  connection.setPhase('data');
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
    await connection.writeData(Buffer.from('.\r\n'));
    await connection.expectReply();
    throw envelopeError;
  }
  connection.setPhase('body');
  await streamBody(connection, body);
  connection.setPhase('end');
  connection.delivery = 'uncertain';
  await connection.writeData(Buffer.from('.\r\n'));
  return finish(connection, await connection.expectReply(), { accepted, rejected, rejectedErrors, envelopeTime, started, size: encoder.bytes });
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
    for await (const chunk of body.chunks()) await connection.writeData(chunk);
  } catch (err) {
    const failure = toSmtpError(err, 'ESTREAM', { phase: 'body' });
    // A half-written DATA cannot be taken back: the connection must go (RELIABILITY F27).
    connection.fail(failure.phase ? failure : failure.with({ phase: 'body' }));
    throw connection.failure ?? failure;
  }
}

interface Outcome {
  accepted: string[];
  rejected: string[];
  rejectedErrors: SmtpError[];
  envelopeTime: number;
  started: number;
  size: number;
}

function finish(connection: SmtpConnection, reply: SmtpReply, outcome: Outcome): TransactionResult {
  connection.delivery = 'not-sent';
  if (reply.code !== 250) {
    throw replyError('EMESSAGE', reply, '.', 'end', 'message refused', connection.host);
  }
  connection.needsReset = false;
  connection.messagesSent += 1;
  connection.setPhase('ready');
  return {
    accepted: outcome.accepted,
    rejected: outcome.rejected,
    rejectedErrors: outcome.rejectedErrors,
    response: reply.raw,
    messageSize: outcome.size,
    envelopeTime: outcome.envelopeTime,
    messageTime: Date.now() - outcome.started - outcome.envelopeTime,
  };
}

interface BdatContext {
  oneShot: boolean;
  pipelined: boolean;
  replyAt(): Promise<SmtpReply>;
  envelopeError?: SmtpError;
  accepted: string[];
  rejected: string[];
  rejectedErrors: SmtpError[];
  envelopeTime: number;
  started: number;
}

/**
 * BDAT (RFC 3030): the body in counted chunks without dot-stuffing. A message that fit in the read-ahead
 * went with the envelope in one write; a larger one goes in chunks, a few in flight at once.
 */
async function sendByBdat(connection: SmtpConnection, body: BodyReader, context: BdatContext): Promise<TransactionResult> {
  connection.setPhase('data');
  if (context.oneShot) {
    if (context.envelopeError && !context.pipelined) {
      body.discard();
      throw context.envelopeError;
    }
    const reply = await context.replyAt();
    if (context.envelopeError) throw context.envelopeError;
    return finish(connection, reply, { ...context, size: body.totalBytes });
  }
  if (context.envelopeError) {
    body.discard();
    throw context.envelopeError;
  }
  const inFlight: Array<{ reply: Promise<SmtpReply>; last: boolean }> = [];
  const settleOldest = async (): Promise<SmtpReply> => {
    const { reply, last } = inFlight.shift() as { reply: Promise<SmtpReply>; last: boolean };
    const result = await reply;
    if (result.code !== 250 && !last) {
      connection.fail(replyError('EMESSAGE', result, 'BDAT', 'data', 'BDAT chunk refused', connection.host));
      throw replyError('EMESSAGE', result, 'BDAT', 'data', 'BDAT chunk refused', connection.host);
    }
    return result;
  };
  try {
    for await (const { chunk, last } of body.sizedChunks(BDAT_CHUNK_BYTES)) {
      if (last) {
        connection.setPhase('end');
        connection.delivery = 'uncertain';
      }
      inFlight.push({ reply: connection.sendBatch([{ line: commands.bdat(chunk.length, last) }], chunk)[0], last });
      if (inFlight.length >= MAX_BDAT_IN_FLIGHT && !last) await settleOldest();
    }
  } catch (err) {
    const failure = toSmtpError(err, 'ESTREAM', { phase: 'body' });
    connection.fail(failure);
    throw connection.failure ?? failure;
  }
  let finalReply: SmtpReply | undefined;
  while (inFlight.length > 0) finalReply = await settleOldest();
  return finish(connection, finalReply as SmtpReply, { ...context, size: body.totalBytes });
}
