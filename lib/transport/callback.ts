/** The callback forms' one adapter: a promise's outcome handed to a node-style callback, once. */
import type { SmtpError } from '../core/errors.js';
import type { NodeCallback, SendMailCallback, SendOptions } from './mail-transport.js';

/**
 * @internal Hands the outcome of `work` to a node-style callback, once, and leaves no promise behind that could
 * reject unhandled (both outcomes are handled here). The call is deferred to its own tick, as `util.callbackify`
 * does, so that a callback that throws surfaces as an uncaught exception, like one thrown from any Node callback,
 * instead of rejecting a promise nobody holds or being called a second time with its own error.
 */
export function deliverToCallback<T>(work: Promise<T>, callback: NodeCallback<T>): void {
  work.then(
    (result) => process.nextTick(callback, null, result),
    // The same reason the promise form rejects with: every failure is an SmtpError by then.
    (err: SmtpError) => process.nextTick(callback, err),
  );
}

/** @internal `sendMail`'s second argument, told apart: nodemailer's callback, or the send options. */
export function splitSendArgument(argument: SendMailCallback | SendOptions | undefined): { callback?: SendMailCallback; options?: SendOptions } {
  return typeof argument === 'function' ? { callback: argument } : { options: argument };
}
