/** One mail transaction on an open connection: MAIL, RCPT, then DATA or BDAT, pipelined where offered. */
import type { Readable } from 'node:stream';
import { SmtpError, toSmtpError } from '../core/errors.js';
import type { SmtpConnection, CommandLine } from './connection.js';
import type { SmtpReply } from './reply-parser.js';
import type { Capabilities } from './capabilities.js';
import * as commands from './commands.js';
import type { DsnParameters } from './commands.js';
import { formatEnvelopeAddress } from '../core/envelope.js';
import { noRecipientsError, refusalError } from './reply-errors.js';
import { BodyReader } from './body-reader.js';
import { deliveryOf, sendBdatChunks, streamContent, type TransactionState } from './content-transfer.js';
import { inStep, proveInStep, shiftedStreamError, type ReplyStep } from './reply-step.js';
import { checkSizeLimit, knownBodySize, type SizedRequest } from './size-limit.js';
import type { Envelope } from '../core/envelope.js';
import { runBeforeCommit, type BeforeCommitStep } from './before-commit.js';

/** Bytes read ahead before MAIL: enough to know a small message's size (SIZE, one-write BDAT). */
export const PREBUFFER_BYTES = 256 * 1024;
const LONE_DOT = Buffer.from('.\r\n');
const NON_ASCII = /[^\u0000-\u007f]/;

/** What a transaction needs from the message; `measureBody` lets it declare SIZE for a body read as a stream. */
export interface TransactionRequest extends SizedRequest {
  envelope: Envelope;
  dsn?: DsnParameters;
  /** Creates the message bytes once the server's extensions are known: a stream, or a small message's chunks. */
  createBody(context: { smtputf8: boolean; eightBitMime: boolean }): Readable | Buffer[];
  /** Run right before the final dot, last BDAT or the one write carrying it; see `runBeforeCommit`. */
  beforeCommit?: BeforeCommitStep;
}

/** What an accepted transaction reports, for SentMessageInfo. */
export interface TransactionResult {
  accepted: string[];
  rejected: string[];
  rejectedErrors: SmtpError[];
  response: string;
  messageSize: number;
  envelopeTime: number;
  messageTime: number;
}

/** How the recipients fared, and the error that ends the transaction before content, if any. */
interface EnvelopeOutcome {
  accepted: string[];
  rejected: string[];
  rejectedErrors: SmtpError[];
  error?: SmtpError;
}

/**
 * Runs one transaction. On a 4xx/5xx reply the connection stays usable (RSET goes first next time);
 * on a connection failure it is destroyed, and the error says whether the message may have been delivered.
 * Several transactions may run at once on one connection (RFC 2920 with RFC 3030): each writes its commands
 * in one piece under the connection's writer lock, and replies are paired in write order.
 * @param onAnswered called (at most once) when the reply to the final content has arrived but the verdict still
 *   waits for the next reply in the stream, that of a later transaction: the caller may start one at once, so that
 *   the window of transactions in flight refills without waiting for that confirmation.
 * @throws SmtpError EENVELOPE, EMESSAGE, ESTREAM, or a connection error.
 */
export async function runTransaction(connection: SmtpConnection, request: TransactionRequest, onAnswered?: () => void): Promise<TransactionResult> {
  const state: TransactionState = { phase: 'mail', finalWritten: false, refused: false, onAnswered };
  connection.beginTransaction();
  try {
    return await transact(connection, request, state);
  } catch (err) {
    const failure = toSmtpError(err, 'ESOCKET');
    const shared = failure === connection.failure;
    // A 421 closes the channel (RFC 5321 §3.8): this connection is done, whatever the socket says yet.
    if (failure.code === 'ECONNECTION') connection.fail(failure);
    // Delivery follows from what this transaction wrote, whichever reply or event ended it.
    const delivery = deliveryOf(state);
    // The connection's failure is shared by every transaction on it; each reports where it was itself.
    if (shared) throw failure.with({ phase: state.phase, delivery });
    throw failure.delivery === delivery ? failure : failure.with({ delivery });
  } finally {
    connection.endTransaction();
  }
}

async function transact(connection: SmtpConnection, request: TransactionRequest, state: TransactionState): Promise<TransactionResult> {
  const started = Date.now();
  const caps = connection.capabilities;
  // SMTPUTF8 only when an address needs it: otherwise punycode and RFC 2047 reach every server.
  const smtputf8 = caps.smtpUtf8 && (NON_ASCII.test(request.envelope.from) || request.envelope.to.some((address) => NON_ASCII.test(address)));
  const from = formatEnvelopeAddress(request.envelope.from, smtputf8);
  const recipients = request.envelope.to.map((address) => formatEnvelopeAddress(address, smtputf8));
  const body = createBody(caps, request, smtputf8);
  // A failing connection must also end a read from a stalled source, or the send would never settle.
  const removeHook = connection.onFailure((err) => body.abort(err));
  try {
    let measured: number | undefined;
    // Content read whole (a small message in memory) has its size already: no measuring, no read-ahead to wait for.
    if (body.isComplete) checkSizeLimit(caps, body.messageBytes);
    else {
      measured = await knownBodySize(caps, request, body, { smtputf8, eightBitMime: caps.eightBitMime });
      await readAhead(caps, body);
    }
    const size = body.messageBytes ?? measured;
    return await transmit(connection, request, state, body, { started, from, recipients, smtputf8, size });
  } finally {
    removeHook();
    // Whatever happened, the source is released: files closed, fetches ended, DKIM spool files removed.
    body.discard();
  }
}

interface TransmitContext {
  started: number;
  from: string;
  recipients: string[];
  smtputf8: boolean;
  /** The body's exact size, when known before sending it (SIZE). */
  size: number | undefined;
}

async function transmit(
  connection: SmtpConnection,
  request: TransactionRequest,
  state: TransactionState,
  body: BodyReader,
  { started, from, recipients, smtputf8, size }: TransmitContext,
): Promise<TransactionResult> {
  const caps = connection.capabilities;
  const oneShotBdat = caps.chunking && body.isComplete;
  // Envelope and content go out in one write: the caller's step comes before anything is written, and before
  // the writer is held so that other transactions on the connection are not kept waiting for it.
  if (oneShotBdat && caps.pipelining && request.beforeCommit) await runBeforeCommit(request.beforeCommit, 'mail');

  const mailCommand = commands.mailFrom(from, {
    size: caps.maxSize !== undefined ? size : undefined,
    body8bit: caps.eightBitMime,
    smtpUtf8: smtputf8,
    dsnReturn: caps.dsn ? request.dsn?.ret : undefined,
    dsnEnvelopeId: caps.dsn ? request.dsn?.envelopeId : undefined,
  });
  const rcptDsn = caps.dsn && request.dsn ? { notify: request.dsn.notify, originalRecipient: request.dsn.originalRecipient } : undefined;
  const rcptCommands = recipients.map((address) => commands.rcptTo(address, rcptDsn));

  // A transaction that writes in several pieces keeps the connection to itself until its last piece is out.
  // acquireWriter's release may be called more than once; only the first call counts.
  const writer: WriterHold = { release: await connection.acquireWriter() };
  try {
    const withReset = connection.needsReset || connection.activeTransactions > 1;
    const batch: StepCommand[] = withReset ? [{ line: 'RSET', step: 'rset' }, { line: mailCommand, step: 'mail' }] : [{ line: mailCommand, step: 'mail' }];
    for (const line of rcptCommands) batch.push({ line, step: 'rcpt' });
    if (!caps.chunking) batch.push({ line: 'DATA', step: 'data' });
    if (oneShotBdat) batch.push({ line: commands.bdat(body.bufferedBytes, true), step: 'end' });
    const replies = new ReplyQueue(connection, batch, caps.pipelining, oneShotBdat ? body : undefined, state);
    if (oneShotBdat && caps.pipelining) writer.release();

    if (withReset) await expectReset(connection, await replies.next());
    // Until this transaction succeeds, a refusal leaves it half open: the next one must RSET first.
    connection.markNeedsReset();
    const outcome = await readEnvelopeReplies(connection, replies, { mailCommand, rcptCommands, recipients: request.envelope.to, pipelined: caps.pipelining });
    const envelopeTime = Date.now() - started;
    state.phase = 'data';
    const send = caps.chunking ? sendByBdat : sendByData;
    const { reply, size } = await send(connection, body, replies, outcome.error, { state, pipelined: caps.pipelining, writer, beforeCommit: request.beforeCommit });
    return await finish(connection, reply, state, { ...outcome, envelopeTime, started, size });
  } finally {
    writer.release();
  }
}

/** The message content for this server: CRLF line ends, dot-stuffed for DATA, as is for BDAT. */
function createBody(caps: Capabilities, request: TransactionRequest, smtputf8: boolean): BodyReader {
  try {
    return new BodyReader(request.createBody({ smtputf8, eightBitMime: caps.eightBitMime }), { dotStuff: !caps.chunking });
  } catch (err) {
    throw toSmtpError(err, 'ESTREAM', { phase: 'mail' });
  }
}

/** Reads ahead; a source failing here fails before MAIL, with nothing sent. */
async function readAhead(caps: Capabilities, body: BodyReader): Promise<void> {
  try {
    await body.prefetch(PREBUFFER_BYTES);
  } catch (err) {
    throw toSmtpError(err, 'ESTREAM', { phase: 'mail' });
  }
  checkSizeLimit(caps, body.messageBytes);
}

interface WriterHold {
  release(): void;
}


/** A command of a transaction, with what its reply must be able to answer. */
interface StepCommand extends CommandLine {
  step: ReplyStep;
}

/**
 * The replies to a batch of commands, in order, each checked against its command. Pipelined, the batch went out
 * in one write (with the content, for a one-write BDAT); otherwise each command is written when its reply is asked for.
 */
class ReplyQueue {
  private readonly pending: Promise<SmtpReply>[] = [];
  private index = 0;

  constructor(
    private readonly connection: SmtpConnection,
    private readonly batch: StepCommand[],
    private readonly pipelined: boolean,
    private readonly oneShotBody: BodyReader | undefined,
    private readonly state: TransactionState,
  ) {
    if (!pipelined) return;
    const { replies, written } = connection.writeBatch(batch, oneShotBody?.takeBuffered());
    this.pending = replies;
    // Envelope and last BDAT went out together: from now on the message may be delivered.
    if (written && oneShotBody) state.finalWritten = true;
  }

  async next(): Promise<SmtpReply> {
    const index = this.index++;
    return inStep(this.connection, this.batch[index].step, await this.reply(index));
  }

  private reply(index: number): Promise<SmtpReply> {
    if (this.pipelined) return this.pending[index];
    if (this.oneShotBody && index === this.batch.length - 1) {
      const { replies, written } = this.connection.writeBatch([this.batch[index]], this.oneShotBody.takeBuffered());
      if (written) this.state.finalWritten = true;
      return replies[0];
    }
    return this.connection.send(this.batch[index]);
  }
}

async function expectReset(connection: SmtpConnection, reply: SmtpReply): Promise<void> {
  if (reply.code === 250) return;
  // Replies to the rest of the batch may still come; the only safe way on is a new connection.
  const error = refusalError('EPROTOCOL', reply, 'RSET', 'mail', 'RSET failed', connection.host);
  connection.fail(error);
  throw error;
}

interface EnvelopeCommands {
  mailCommand: string;
  rcptCommands: string[];
  recipients: string[];
  pipelined: boolean;
}

/**
 * Reads the MAIL and RCPT replies. Pipelined, every reply is read even after a refusal, to keep the replies
 * paired; a 421 anywhere ends it as a connection failure.
 */
async function readEnvelopeReplies(connection: SmtpConnection, replies: ReplyQueue, envelope: EnvelopeCommands): Promise<EnvelopeOutcome> {
  const mailReply = await replies.next();
  const mailError = mailReply.code === 250 ? undefined : refusalError('EENVELOPE', mailReply, envelope.mailCommand, 'mail', 'sender refused', connection.host);
  if (mailError && (!envelope.pipelined || mailError.code === 'ECONNECTION')) throw mailError;

  const outcome: EnvelopeOutcome = { accepted: [], rejected: [], rejectedErrors: [] };
  if (mailError && !envelope.pipelined) return { ...outcome, error: mailError };
  for (const [i, command] of envelope.rcptCommands.entries()) {
    const recipient = envelope.recipients[i];
    const reply = await replies.next();
    if (mailError && (reply.code === 250 || reply.code === 251)) {
      // No server accepts a recipient without a sender: the refusal read for MAIL answered another command (a
      // stray or late reply), so these replies are out of step and what the server did with this message is unknown.
      connection.fail(shiftedStreamError('rcpt', reply, `RCPT accepted after MAIL was refused with ${mailReply.code}`, connection.host));
      throw connection.failure;
    }
    if (reply.code === 250 || reply.code === 251) {
      outcome.accepted.push(recipient);
      continue;
    }
    const error = refusalError('EENVELOPE', reply, command, 'rcpt', `recipient ${recipient} refused`, connection.host);
    if (error.code === 'ECONNECTION') throw error;
    outcome.rejected.push(recipient);
    outcome.rejectedErrors.push(error.with({ rejected: [recipient] }));
  }
  const error = mailError ?? (outcome.accepted.length === 0 ? noRecipientsError(outcome.rejected, outcome.rejectedErrors) : undefined);
  return { ...outcome, error };
}

interface ContentContext {
  state: TransactionState;
  pipelined: boolean;
  writer: WriterHold;
  beforeCommit: BeforeCommitStep | undefined;
}

type ContentSender = (
  connection: SmtpConnection,
  body: BodyReader,
  replies: ReplyQueue,
  envelopeError: SmtpError | undefined,
  context: ContentContext,
) => Promise<{ reply: SmtpReply; size: number }>;

/** BDAT: one write with the envelope for a message read whole, else chunks (RFC 3030). */
const sendByBdat: ContentSender = async (connection, body, replies, envelopeError, { state, pipelined, writer, beforeCommit }) => {
  if (!body.isComplete || (envelopeError && !pipelined)) {
    if (envelopeError) {
      body.discard();
      throw envelopeError;
    }
    const reply = await sendBdatChunks(connection, body, state, beforeCommit);
    writer.release();
    return { reply, size: body.totalBytes };
  }
  // Not pipelined, the one BDAT LAST is written when its reply is asked for: the caller's step goes first.
  // (Pipelined, it ran before the batch.) Nothing of the content is out yet: the connection stays usable.
  if (!pipelined && beforeCommit) await runBeforeCommit(beforeCommit, 'data');
  state.phase = 'end';
  const reply = await replies.next();
  // Nothing more of this transaction to write; a refusal's check (proveInStep) needs the writer.
  writer.release();
  if (envelopeError) {
    // Sender or every recipient refused: whatever the server says to the content (RFC 3030 lets it accept it),
    // it has nobody to deliver to, once the stream is shown in step: these replies were this transaction's.
    await confirmRefusal(connection, state, reply);
    throw envelopeError;
  }
  return { reply, size: body.totalBytes };
};

/** DATA: 354, then the content (in one write with the final dot when read whole), then the dot. */
const sendByData: ContentSender = async (connection, body, replies, envelopeError, { state, pipelined, writer, beforeCommit }) => {
  if (envelopeError && !pipelined) {
    body.discard();
    throw envelopeError;
  }
  const dataReply = await replies.next();
  if (dataReply.code !== 354) {
    body.discard();
    throw envelopeError ?? refusalError('EMESSAGE', dataReply, 'DATA', 'data', 'DATA refused', connection.host);
  }
  if (envelopeError) {
    // RFC 2920 §3.1: DATA was accepted although no recipient was; an empty message ends it without content.
    body.discard();
    const emptyReply = connection.expectReply();
    await connection.writeData(LONE_DOT);
    await emptyReply;
    throw envelopeError;
  }
  const size = body.isComplete ? body.bufferedBytes : undefined;
  if (size === undefined) {
    state.phase = 'body';
    await streamContent(connection, body);
  }
  if (beforeCommit) await beforeDot(connection, beforeCommit, size === undefined ? 'body' : 'data');
  // Expected before the write, so that a reply arriving while the write waits for drain has its command.
  const finalReply = connection.expectReply();
  await connection.writeData(size === undefined ? LONE_DOT : Buffer.concat([...body.takeBuffered(), LONE_DOT]), () => {
    state.phase = 'end';
    state.finalWritten = true;
  });
  writer.release();
  return { reply: inStep(connection, 'end', await finalReply), size: size ?? body.totalBytes };
};

/**
 * Runs the caller's step inside DATA, before the final dot. When it fails the DATA cannot be ended without
 * committing the message, so the connection goes (the server discards a message whose dot never came).
 */
async function beforeDot(connection: SmtpConnection, step: BeforeCommitStep, phase: 'data' | 'body'): Promise<void> {
  try {
    await runBeforeCommit(step, phase);
  } catch (err) {
    connection.fail(err as SmtpError);
    throw err;
  }
}

/**
 * Holds a verdict on the final content until the next reply in the stream (another transaction's, when several
 * are in flight) has been checked. If that shows the stream out of step, the reply taken as this message's
 * verdict may have been another command's: the message is then reported `uncertain`, never accepted or refused.
 * Costs one turn of the event loop when no other reply is awaited; otherwise that reply is on its way already.
 */
async function confirmStep(connection: SmtpConnection, state: TransactionState): Promise<void> {
  // Only a wait for another transaction's reply is worth freeing the place for; with nothing else awaited the
  // verdict comes after one turn, and a transaction started now would only add an RSET. And only where enhanced
  // status codes let a reply show that the stream shifted: with plain 250s, a transaction written early puts more
  // replies in flight that a surplus reply can shift unseen (the fault soak, whose server offers no enhanced
  // codes, counted about twice as many refusals reported as acceptances).
  if (connection.awaitedReplies > 0 && connection.capabilities.enhancedStatusCodes) state.onAnswered?.();
  await connection.afterNextReply();
  const failure = connection.failure;
  if (failure?.code === 'EPROTOCOL') throw failure;
}

/**
 * Holds a refusal until it is known to be this message's own. With BDAT every reply to the content looks like a
 * reply to RCPT, so once the last chunk went out a shifted stream could make the refusal of a recipient read as
 * the refusal of a message the server accepted: the stream is then shown in step first (proveInStep). With DATA
 * the 354 anchors each transaction's replies, and checking the next reply is enough.
 */
async function confirmRefusal(connection: SmtpConnection, state: TransactionState, reply?: SmtpReply): Promise<void> {
  // A 421 closes the channel (RFC 5321 §3.8): whichever command it answered, nothing written after it was processed.
  if (state.finalWritten && connection.capabilities.chunking && reply?.code !== 421) await proveInStep(connection);
  else await confirmStep(connection, state);
  state.refused = true;
}

interface Outcome extends EnvelopeOutcome {
  envelopeTime: number;
  started: number;
  size: number;
}

/**
 * The reply to the final dot or last BDAT decides: 250 delivered, anything else refused (EMESSAGE). Either way
 * the verdict waits for the next reply in the stream to be checked (confirmStep).
 */
async function finish(connection: SmtpConnection, reply: SmtpReply, state: TransactionState, outcome: Outcome): Promise<TransactionResult> {
  if (reply.code !== 250) {
    await confirmRefusal(connection, state, reply);
    throw refusalError('EMESSAGE', reply, '.', 'end', 'message refused', connection.host);
  }
  await confirmStep(connection, state);
  // Another transaction begun meanwhile may have left the server mid-transaction: only the last one out clears it.
  if (connection.activeTransactions === 1) connection.markReset();
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
