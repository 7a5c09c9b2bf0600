/**
 * Plays one of the soak's failure cases, reduced to a few messages, in a process of its own (so that its
 * unhandled rejections are seen), and prints a JSON summary: `node --import register-ts.mjs finding-child.ts <case>`.
 * Each case gives up after a deadline, so that a hang is reported rather than waited for.
 */
import { createTransport, type SmtpTransport } from '../../lib/transport/transport.js';
import { SmtpError } from '../../lib/core/errors.js';
import { startScriptServer } from '../helpers/script-server.js';
import { esmtp } from '../helpers/esmtp-script.js';
import { startFaultServer } from '../helpers/fault-server.js';
import type { FaultSource } from '../helpers/fault-plan.js';

const DEADLINE_MS = 3000;

/** What happened to one send: accepted, refused (`code`, `delivery`), or still pending at the deadline. */
type Outcome = { status: 'accepted' } | { status: 'refused'; code: string; delivery: string; message: string } | { status: 'pending' };

export interface FindingSummary {
  outcomes: Outcome[];
  unhandledRejections: number;
  uncaughtExceptions: number;
  /** Connections the server accepted. */
  connections: number;
  /** Per message, how many times the server accepted it (fault server cases only). */
  serverAccepted?: number[];
}

async function settleWithin(sends: Array<Promise<unknown>>): Promise<Outcome[]> {
  const outcomes: Outcome[] = sends.map(() => ({ status: 'pending' }));
  const tracked = sends.map((send, i) =>
    send.then(
      () => {
        outcomes[i] = { status: 'accepted' };
      },
      (err: unknown) => {
        const e = err instanceof SmtpError ? err : new SmtpError('ESOCKET', String(err));
        outcomes[i] = { status: 'refused', code: e.code, delivery: e.delivery, message: e.message };
      },
    ),
  );
  await Promise.race([Promise.all(tracked), new Promise((resolve) => setTimeout(resolve, DEADLINE_MS))]);
  return outcomes;
}

/** A surplus reply right after the EHLO reply, in the same write. */
async function ehloSurplus(pool: boolean): Promise<Omit<FindingSummary, 'unhandledRejections' | 'uncaughtExceptions'>> {
  const server = await startScriptServer(esmtp({ extensions: ['PIPELINING'], overrides: { EHLO: '250-mx.test\r\n250 PIPELINING\r\n250 2.0.0 surplus' } }));
  const transport = createTransport({ host: server.host, port: server.port, pool, maxConnections: 1, socketTimeout: 1000, greetingTimeout: 1000 });
  const outcomes = await settleWithin([transport.sendMail({ from: 'a@x.test', to: 'b@x.test', text: 'hello' })]);
  return { outcomes, connections: server.connectionCount() };
}

/** A surplus `250` right after the `354`, in the same write. */
async function surplusAfter354(): Promise<Omit<FindingSummary, 'unhandledRejections' | 'uncaughtExceptions'>> {
  const server = await startScriptServer(esmtp({ extensions: ['PIPELINING'], overrides: { DATA: '354 go ahead\r\n250 2.0.0 surplus' } }));
  const transport = createTransport({ host: server.host, port: server.port });
  const outcomes = await settleWithin([transport.sendMail({ from: 'a@x.test', to: 'b@x.test', text: 'hello' })]);
  await closeWithin(transport);
  return { outcomes, connections: server.connectionCount() };
}

/**
 * Four BDAT transactions in flight on one connection: a surplus reply after the first MAIL, and the second
 * message's recipient refused. The server then accepts the third message.
 */
async function bdatDesync(): Promise<Omit<FindingSummary, 'unhandledRejections' | 'uncaughtExceptions'>> {
  const plan: FaultSource = {
    faultFor: (phase, key) => {
      if (phase === 'mail' && key === 'm0|a0') return { kind: 'surplus' };
      if (phase === 'rcpt' && key === 'm1|a0|rcpt0') return { kind: 'reply', code: 554 };
      return undefined;
    },
  };
  const server = await startFaultServer({ plan, chunking: true, capacity: 4, messageNumber: (text) => Number(/^<?soak-(\d)@/.exec(text)?.[1] ?? -1) });
  const transport = createTransport({ host: server.host, port: server.port, pool: true, maxConnections: 1, maxTransactionsInFlight: 4, socketTimeout: 1000 });
  const outcomes = await settleWithin(
    [0, 1, 2, 3].map((i) => transport.sendMail({ from: `soak-${i}@x.test`, to: 'b@x.test', messageId: `<soak-${i}@x.test>`, text: `message ${i}` })),
  );
  await closeWithin(transport);
  await server.close();
  return { outcomes, connections: server.counts.connections, serverAccepted: [...server.counts.accepted] };
}

async function closeWithin(transport: SmtpTransport): Promise<void> {
  await Promise.race([transport.close(), new Promise((resolve) => setTimeout(resolve, DEADLINE_MS))]);
}

const CASES: Record<string, () => Promise<Omit<FindingSummary, 'unhandledRejections' | 'uncaughtExceptions'>>> = {
  'ehlo-surplus-pool': () => ehloSurplus(true),
  'ehlo-surplus-single': () => ehloSurplus(false),
  'surplus-after-354': surplusAfter354,
  'bdat-desync': bdatDesync,
};

async function main(): Promise<void> {
  const run = CASES[process.argv[2] ?? ''];
  if (!run) throw new Error(`unknown case ${process.argv[2]}; one of ${Object.keys(CASES).join(', ')}`);
  let unhandledRejections = 0;
  let uncaughtExceptions = 0;
  process.on('unhandledRejection', () => (unhandledRejections += 1));
  process.on('uncaughtException', () => (uncaughtExceptions += 1));
  const summary = await run();
  // Late rejections surface after a turn or two of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 100));
  process.stdout.write(`${JSON.stringify({ ...summary, unhandledRejections, uncaughtExceptions })}\n`);
  // A hung case leaves sockets and timers behind: end here rather than wait for them.
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(2);
});
