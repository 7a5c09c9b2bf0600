/**
 * Whether a reply can belong to the command it was paired with. Replies are paired with commands strictly in
 * order (RFC 2920 §3.1), so one surplus reply shifts every later pairing; these checks notice a shift as soon as
 * a reply's code or enhanced status cannot answer its command, and never refuse a reply a real server sends.
 */
import { SmtpError } from '../core/errors.js';
import type { SmtpReply } from './reply-parser.js';
import type { SmtpConnection } from './connection.js';

/** What a reply answers: a transaction command, a non-LAST BDAT chunk, or the end of the content (the final dot or BDAT LAST). */
export type ReplyStep = 'rset' | 'mail' | 'rcpt' | 'data' | 'chunk' | 'end';

/** RFC 3463 §3.2 subject 1: addressing (2.1.0 sender ok, 2.1.5 destination ok); 6: message content (2.6.0). */
const ADDRESSING = '1';
const CONTENT = '6';

/**
 * The reason `reply` cannot answer `step`, or undefined when it can.
 * - Only DATA is answered 354 (RFC 5321 §4.3.2), and DATA is never answered 2xx.
 * - With ENHANCEDSTATUSCODES (RFC 2034), a success for MAIL/RCPT is never about content (2.6.x), and the success of
 *   a BDAT chunk or of the whole content is never about an address (2.1.x; Postfix: "250 2.1.0 Ok" to MAIL,
 *   "250 2.1.5 Ok" to RCPT, "250 2.0.0 Ok: queued as ..." to the dot, "250 2.0.0 Ok: <n> bytes" to a chunk;
 *   Exchange 2.6.0 to the dot and to chunks). RSET is not checked: Gmail answers it "250 2.1.5 Flushed".
 */
export function stepMismatch(step: ReplyStep, reply: SmtpReply, enhancedStatusCodes: boolean): string | undefined {
  const intermediate = reply.code >= 300 && reply.code < 400;
  if (step === 'data') return reply.code >= 200 && reply.code < 300 ? `DATA answered ${reply.code}` : undefined;
  if (intermediate) return `${stepName(step)} answered ${reply.code}`;
  if (!enhancedStatusCodes || reply.enhancedStatus === undefined || reply.code >= 300) return undefined;
  // class.subject.detail: the subject is what lies between the first two dots (no array per reply).
  const status = reply.enhancedStatus;
  const subject = status.slice(status.indexOf('.') + 1, status.indexOf('.', status.indexOf('.') + 1));
  if ((step === 'mail' || step === 'rcpt') && subject === CONTENT) return `${stepName(step)} answered with content status ${reply.enhancedStatus}`;
  if ((step === 'chunk' || step === 'end') && subject === ADDRESSING) return `${stepName(step)} answered with address status ${reply.enhancedStatus}`;
  return undefined;
}

/**
 * EPROTOCOL for a reply that cannot answer its command: the reply stream has shifted, so no later pairing on
 * this connection can be trusted.
 */
export function shiftedStreamError(step: ReplyStep, reply: SmtpReply, reason: string, host: string): SmtpError {
  return new SmtpError('EPROTOCOL', `replies from ${host} are out of step with the commands (${reason}): ${reply.raw}`, {
    responseCode: reply.code,
    enhancedStatus: reply.enhancedStatus,
    response: reply.raw,
    command: stepName(step),
  });
}

function stepName(step: ReplyStep): string {
  switch (step) {
    case 'rset':
      return 'RSET';
    case 'mail':
      return 'MAIL';
    case 'rcpt':
      return 'RCPT';
    case 'data':
      return 'DATA';
    case 'chunk':
      return 'BDAT';
    case 'end':
      return 'end of data';
  }
}

/**
 * Returns `reply` when it can answer `step`; otherwise fails the connection (EPROTOCOL) and throws: after one
 * reply out of step, no pairing on this connection can be trusted.
 */
export function inStep(connection: SmtpConnection, step: ReplyStep, reply: SmtpReply): SmtpReply {
  const reason = stepMismatch(step, reply, connection.capabilities.enhancedStatusCodes);
  if (reason === undefined) return reply;
  connection.fail(shiftedStreamError(step, reply, reason, connection.host));
  throw connection.failure;
}

/** A NOOP, whose reply is always 250, then a DATA outside any transaction, which is always refused (RFC 5321 §3.3). */
const STEP_PROBE = [{ line: 'NOOP' }, { line: 'DATA' }];

/**
 * Shows the reply stream in step before a refusal of content already written is believed. One surplus reply
 * anywhere earlier makes every later reply pair with the command before its own, and a refusal read for the
 * final dot or last BDAT may then belong to a RCPT while the server accepted the message. A shift lasts until
 * the connection ends, so it shows here: DATA would be paired with the NOOP's 250, a reply DATA never gets
 * outside a transaction. Costs a round trip on the refusal path only.
 * @throws SmtpError EPROTOCOL (the connection failed) when the stream is out of step, or the connection's failure.
 */
export async function proveInStep(connection: SmtpConnection): Promise<void> {
  const release = await connection.acquireWriter();
  let noopReply: SmtpReply;
  let dataReply: SmtpReply;
  try {
    if (connection.capabilities.pipelining) {
      const replies = connection.sendBatch(STEP_PROBE);
      release();
      [noopReply, dataReply] = await Promise.all(replies);
    } else {
      noopReply = await connection.send(STEP_PROBE[0]);
      dataReply = await connection.send(STEP_PROBE[1]);
    }
  } finally {
    release();
  }
  const failure = probeMismatch(noopReply, dataReply, connection.host);
  if (failure === undefined) return;
  connection.fail(failure);
  throw connection.failure;
}

/** EPROTOCOL when the probe's replies are not its own; undefined when they show the stream in step. */
function probeMismatch(noopReply: SmtpReply, dataReply: SmtpReply, host: string): SmtpError | undefined {
  // RFC 5321 §4.1.1.9: NOOP is always answered 250.
  if (noopReply.code !== 250) return shiftedStreamError('data', noopReply, `NOOP answered ${noopReply.code}`, host).with({ command: 'NOOP' });
  // 2xx is another command's reply; 354 means the server holds a transaction the client knows nothing of.
  const reason = dataReply.code === 354 ? 'DATA answered 354 outside a transaction' : stepMismatch('data', dataReply, false);
  return reason === undefined ? undefined : shiftedStreamError('data', dataReply, reason, host);
}
