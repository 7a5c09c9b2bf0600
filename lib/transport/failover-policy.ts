/** When a failed message may go to the next transport of a failover transport, and when that transport rests. */
import { SmtpError, type SmtpPhase } from '../core/errors.js';
import type { SendableMessage } from './template-renderer.js';

/**
 * What a failure means for failover: `unusable` (the transport could not be used: try the next one and let
 * this one rest), `refused` (its server refused this message: the next one may accept it), `final` (report it).
 */
export type FailoverVerdict = 'unusable' | 'refused' | 'final';

/** The transport itself failed: the connection, the session or the server's state, not the message. */
const UNUSABLE_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'EOAUTH2', 'EPROXY', 'EPROTOCOL']);

/** A server's verdict on this message (a refusal, or its SIZE or SMTPUTF8 limits), when the error has a phase. */
const REFUSAL_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

/** Phases that end before any transaction begins: no content of the message has been read yet. */
const BEFORE_TRANSACTION = new Set<SmtpPhase>(['dns', 'connect', 'greeting', 'ehlo', 'starttls', 'auth']);

/**
 * Classifies a failed send. A message may move on only while nothing was delivered (`delivery: 'not-sent'`);
 * an `uncertain` one may have arrived, so sending it elsewhere could deliver it twice. Checks made before any
 * server was asked (addresses, headers, files, URLs, templates) fail the same way everywhere, so they are final;
 * so is a message whose content is a one-shot stream that the failed attempt may have read.
 */
export function classifyFailoverFailure(err: unknown, message: SendableMessage): FailoverVerdict {
  if (!(err instanceof SmtpError) || err.delivery !== 'not-sent') return 'final';
  const contentUntouched = err.phase !== undefined && BEFORE_TRANSACTION.has(err.phase);
  if (!contentUntouched && hasOneShotContent(message)) return 'final';
  if (UNUSABLE_CODES.has(err.code)) return 'unusable';
  // Without a phase the refusal came from our own checks, before any server was involved.
  if (REFUSAL_CODES.has(err.code) && err.phase !== undefined) return 'refused';
  return 'final';
}

/** Whether any content of the message is a stream, which can be read only once. */
export function hasOneShotContent(message: SendableMessage): boolean {
  const sources: unknown[] = [message.text, message.html, message.raw, message.icalEvent];
  for (const part of [...(message.attachments ?? []), ...(message.alternatives ?? [])]) sources.push(part);
  return sources.some((source) => isStream(source) || (isObject(source) && (isStream(source.content) || isStream(source.raw))));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isStream(value: unknown): boolean {
  return isObject(value) && typeof value.pipe === 'function';
}
