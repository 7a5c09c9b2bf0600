/** Measures how a transport call settles: value or error, how long it took, and how often the callback ran. */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { SmtpError } from '../../lib/core/errors.js';
import type { SmtpTransport } from '../../lib/transport/transport.js';
import type { SentMessageInfo } from '../../lib/transport/mail-transport.js';
import type { MailMessage } from '../../lib/mime/message.interface.js';

export interface Settled<T> {
  value?: T;
  error?: SmtpError;
  /** Milliseconds from the call to settlement. */
  ms: number;
  /** How many times the node-style callback ran (must be exactly 1). */
  callbackCalls: number;
  /** Whether the callback got exactly one of an error or a result, as a node-style callback must. */
  callbackAgrees: boolean;
}

/**
 * Sends `message` with the callback form (which returns nothing), settles on the first call of the callback,
 * then waits `graceMs` more so that a second call (a double callback) would be counted. An error that is not
 * an SmtpError fails the test.
 */
export async function observeSend(transport: SmtpTransport, message: MailMessage, graceMs = 30): Promise<Settled<SentMessageInfo>> {
  let callbackCalls = 0;
  const started = performance.now();
  const first = await new Promise<{ err: SmtpError | null; info?: SentMessageInfo; ms: number }>((resolve) => {
    transport.sendMail(message, (err, info) => {
      callbackCalls += 1;
      resolve({ err, info, ms: performance.now() - started });
    });
  });
  await delay(graceMs);
  if (first.err !== null && !(first.err instanceof SmtpError)) throw new Error(`expected an SmtpError, got ${String(first.err)}`, { cause: first.err });
  const callbackAgrees = first.err ? first.info === undefined : first.info !== undefined;
  const outcome = first.err ? { error: first.err, ms: first.ms } : { value: first.info, ms: first.ms };
  return { ...outcome, callbackCalls, callbackAgrees };
}

/** Awaits a promise and records when and how it settled (for verify(), or anything without a callback). */
export async function observe<T>(promise: Promise<T>, started = performance.now()): Promise<Settled<T>> {
  return { ...(await settle(promise, started)), callbackCalls: 1, callbackAgrees: true };
}

async function settle<T>(promise: Promise<T>, started: number): Promise<{ value?: T; error?: SmtpError; ms: number }> {
  try {
    const value = await promise;
    return { value, ms: performance.now() - started };
  } catch (err) {
    if (!(err instanceof SmtpError)) throw new Error(`expected an SmtpError, got ${String(err)}`, { cause: err });
    return { error: err, ms: performance.now() - started };
  }
}

/** A plain message for fault tests. */
export function simpleMessage(overrides: Partial<MailMessage> = {}): MailMessage {
  return { from: 'sender@example.test', to: 'rcpt@example.test', subject: 'fault test', text: 'hello', ...overrides };
}

/** The SmtpError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<SmtpError> {
  const outcome = await promise.then(
    () => new Error('expected the promise to reject, it resolved'),
    (err: unknown) => err,
  );
  if (!(outcome instanceof SmtpError)) throw outcome instanceof Error ? outcome : new Error(`expected an SmtpError, got ${String(outcome)}`);
  return outcome;
}
