/**
 * Child process for the callback-form tests: calls one callback-form method of a transport in a plain Node
 * process, where `process.on('unhandledRejection')` hears every rejection left unhandled (under Jest the
 * test's `process` is a copy that never receives that event). Prints `CallbackChildReport` as JSON.
 *
 * Usage: `node --import register-ts.mjs callback-child.ts <verify|sendMail|close> <SmtpOptions as JSON> [throwing]`;
 * with `throwing` the callback throws after being recorded, as a careless one would.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { createTransport } from '../../lib/transport/transport.js';
import { SmtpError } from '../../lib/core/errors.js';
import type { SmtpOptions } from '../../lib/transport/options.js';

/** One call of the callback, as plain data. */
export interface CallbackCall {
  error: { isSmtpError: boolean; code?: string; message: string } | null;
  /** The result argument: `true` for verify, the message's `accepted` list for sendMail. */
  result: unknown;
}

export interface CallbackChildReport {
  /** `typeof` what the method returned (nodemailer's callback forms return nothing). */
  returned: string;
  calls: CallbackCall[];
  /** The messages of every rejection that no one handled, from the listener installed for the whole run. */
  unhandled: string[];
  /** The messages of every uncaught exception (where a throwing callback's error must go). */
  uncaught: string[];
}

/** How long after the first callback to keep listening for a second one or for a late rejection. */
const GRACE_MS = 100;
/** How long to wait for the first callback at all. */
const DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  const [method, optionsJson, throwing] = process.argv.slice(2);
  const describe = (reason: unknown): string => (reason instanceof Error ? reason.message : String(reason));
  const unhandled: string[] = [];
  const uncaught: string[] = [];
  process.on('unhandledRejection', (reason) => unhandled.push(describe(reason)));
  process.on('uncaughtException', (err) => uncaught.push(describe(err)));

  const transport = createTransport(JSON.parse(optionsJson) as SmtpOptions);
  const calls: CallbackCall[] = [];
  let firstCall!: () => void;
  const called = new Promise<void>((resolve) => (firstCall = resolve));
  const callback = (err: SmtpError | null, result?: unknown): void => {
    const shown = result !== null && typeof result === 'object' && 'accepted' in result ? (result as { accepted: unknown }).accepted : result;
    calls.push({ error: err && { isSmtpError: err instanceof SmtpError, code: err.code, message: err.message }, result: shown });
    firstCall();
    if (throwing === 'throwing') throw new Error('thrown by the callback');
  };
  let returned: unknown;
  if (method === 'verify') returned = transport.verify(callback);
  else if (method === 'sendMail') returned = transport.sendMail({ from: 'sender@example.test', to: 'rcpt@example.test', subject: 'child', text: 'hello' }, callback);
  else if (method === 'close') returned = transport.close(callback);
  else throw new Error(`unknown method ${method}`);

  const deadline = new AbortController();
  await Promise.race([called, delay(DEADLINE_MS, undefined, { signal: deadline.signal }).catch(() => undefined)]);
  deadline.abort();
  // Node reports an unhandled rejection after the microtask queue drains; a timer and an immediate later it has.
  await delay(GRACE_MS);
  await new Promise((resolve) => setImmediate(resolve));
  await transport.close();
  const report: CallbackChildReport = { returned: typeof returned, calls, unhandled, uncaught };
  process.stdout.write(JSON.stringify(report));
}

main().catch((err: unknown) => {
  process.stderr.write(String((err as Error)?.stack ?? err));
  process.exit(1);
});
