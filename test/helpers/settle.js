/** Measures how a transport call settles: value or error, how long it took, and how often the callback ran. */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { SmtpError } from '../../lib/core/errors.js';
/**
 * Sends `message` with both the promise and the callback form, then waits `graceMs` more so that a second
 * settlement (a double callback) would be seen. A rejection that is not an SmtpError fails the test.
 */
export async function observeSend(transport, message, graceMs = 30) {
    let callbackCalls = 0;
    let callbackError;
    let callbackInfo;
    const started = performance.now();
    const promise = transport.sendMail(message, (err, info) => {
        callbackCalls += 1;
        callbackError = err;
        callbackInfo = info;
    });
    const outcome = await settle(promise, started);
    await delay(graceMs);
    const callbackAgrees = outcome.error ? callbackError === outcome.error : callbackInfo === outcome.value && !callbackError;
    return { ...outcome, callbackCalls, callbackAgrees };
}
/** Awaits a promise and records when and how it settled (for verify(), or anything without a callback). */
export async function observe(promise, started = performance.now()) {
    return { ...(await settle(promise, started)), callbackCalls: 1, callbackAgrees: true };
}
async function settle(promise, started) {
    try {
        const value = await promise;
        return { value, ms: performance.now() - started };
    }
    catch (err) {
        if (!(err instanceof SmtpError))
            throw new Error(`expected an SmtpError, got ${String(err)}`, { cause: err });
        return { error: err, ms: performance.now() - started };
    }
}
/** A plain message for fault tests. */
export function simpleMessage(overrides = {}) {
    return { from: 'sender@example.test', to: 'rcpt@example.test', subject: 'fault test', text: 'hello', ...overrides };
}
/** The SmtpError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejectionOf(promise) {
    const outcome = await promise.then(() => new Error('expected the promise to reject, it resolved'), (err) => err);
    if (!(outcome instanceof SmtpError))
        throw outcome instanceof Error ? outcome : new Error(`expected an SmtpError, got ${String(outcome)}`);
    return outcome;
}
//# sourceMappingURL=settle.js.map