/** SmtpErrors built from server replies: a refusal of one command, or a 421 closing the channel. */
import { SmtpError, type SmtpErrorCode, type SmtpPhase } from '../core/errors.js';
import { replyText, type SmtpReply } from './reply-parser.js';

/** A 421 reply at any point, to `command` or to none: the server is closing the channel (RFC 5321 §3.8). */
export function closingChannelError(reply: SmtpReply, command: string | undefined, host: string): SmtpError {
  return new SmtpError('ECONNECTION', `${host} is closing the connection: ${reply.code} ${replyText(reply)}`, {
    responseCode: reply.code,
    enhancedStatus: reply.enhancedStatus,
    response: reply.raw,
    command,
  });
}

/** RFC 4954 §6: 530 means the server wants authentication first. */
const AUTHENTICATION_REQUIRED = 530;

/**
 * A refused command, as `code`; a 421 is always ECONNECTION and a 530 always EAUTH, whatever the command.
 */
export function refusalError(code: SmtpErrorCode, reply: SmtpReply, command: string, phase: SmtpPhase, what: string, host: string): SmtpError {
  if (reply.code === 421) return closingChannelError(reply, command, host).with({ phase });
  const effective = reply.code === AUTHENTICATION_REQUIRED ? 'EAUTH' : code;
  const hint = effective === 'EAUTH' && code !== 'EAUTH' ? ' (the server requires authentication: set auth)' : '';
  return new SmtpError(effective, `${what}: ${reply.code} ${replyText(reply)}${hint}`, {
    responseCode: reply.code,
    enhancedStatus: reply.enhancedStatus,
    response: reply.raw,
    command,
    phase,
  });
}

/** Every recipient refused: EENVELOPE with each refusal, carrying the first one's reply. */
export function noRecipientsError(rejected: string[], rejectedErrors: SmtpError[]): SmtpError {
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
