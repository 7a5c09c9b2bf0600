/** Publishes one asynchronous operation on a tracing channel, with a payload that never holds the error itself. */
import type { TracingChannel } from 'node:diagnostics_channel';
import { SmtpError } from '../../core/errors.js';
import type { SmtpFailureFields } from './channels.js';

/** What a payload takes from an operation's result, and from its failure beyond the common fields. */
export interface PayloadDescriber<Payload, Result> {
  result(payload: Payload, result: Result): void;
  failure?(payload: Payload, err: SmtpError): void;
}

/**
 * Runs `run` between `start` and `end` (in the caller's async context, with the stores bound to `start`), then
 * publishes `asyncStart` and `asyncEnd` when it settles, and `error` before them when it rejects. Unlike
 * `TracingChannel.tracePromise`, neither the result nor the error is attached to the payload: both name
 * recipients. `describe` copies what may be published from the result, and the failure's code and phase
 * replace the error. The caller checks `hasSubscribers` first, so nothing here runs without one.
 */
export function tracePromise<Payload extends SmtpFailureFields, Result>(
  channel: TracingChannel<unknown, Payload>,
  payload: Payload,
  run: () => Promise<Result>,
  describe: PayloadDescriber<Payload, Result>,
): Promise<Result> {
  const failed = (err: unknown): void => {
    describeFailure(payload, err);
    if (err instanceof SmtpError) describe.failure?.(payload, err);
    channel.error.publish(payload);
  };
  const settled = (): void => {
    channel.asyncStart.publish(payload);
    channel.asyncEnd.publish(payload);
  };
  return channel.start.runStores(payload, () => {
    let running: Promise<Result>;
    try {
      running = run();
    } catch (err) {
      failed(err);
      throw err;
    } finally {
      channel.end.publish(payload);
    }
    return running.then(
      (result) => {
        payload.outcome = 'succeeded';
        describe.result(payload, result);
        settled();
        return result;
      },
      (err: unknown) => {
        failed(err);
        settled();
        throw err;
      },
    );
  });
}

/** The code, phase and reply code of a failure; never its message, command or reply text. */
function describeFailure(payload: SmtpFailureFields, err: unknown): void {
  payload.outcome = 'failed';
  if (!(err instanceof SmtpError)) return;
  payload.code = err.code;
  if (err.phase !== undefined) payload.phase = err.phase;
  if (err.responseCode !== undefined) payload.responseCode = err.responseCode;
}
