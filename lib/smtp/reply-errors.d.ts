/** SmtpErrors built from server replies: a refusal of one command, or a 421 closing the channel. */
import { SmtpError, type SmtpErrorCode, type SmtpPhase } from '../core/errors.js';
import { type SmtpReply } from './reply-parser.js';
/** A 421 reply at any point: the server is closing the channel (RFC 5321 §3.8). */
export declare function closingChannelError(reply: SmtpReply, command: string, host: string): SmtpError;
/**
 * A refused command, as `code`; a 421 is always ECONNECTION and a 530 always EAUTH, whatever the command.
 */
export declare function refusalError(code: SmtpErrorCode, reply: SmtpReply, command: string, phase: SmtpPhase, what: string, host: string): SmtpError;
/** Every recipient refused: EENVELOPE with each refusal, carrying the first one's reply. */
export declare function noRecipientsError(rejected: string[], rejectedErrors: SmtpError[]): SmtpError;
