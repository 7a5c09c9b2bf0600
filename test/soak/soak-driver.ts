/**
 * The fault soak: sends N messages through a pooled transport to a fault server, then checks that every send
 * settled once and that what the client reported agrees with what the server accepted.
 */
import { createTransport } from '../../lib/transport/transport.js';
import { SmtpError } from '../../lib/core/errors.js';
import type { MailMessage } from '../../lib/mime/message.interface.js';
import { FaultPlan } from '../helpers/fault-plan.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';

export type SoakMode = 'data' | 'chunking';

export interface SoakConfig {
  count: number;
  seed: number;
  mode: SoakMode;
  /** Probability of a fault per command. @defaultValue 0.03 */
  faultRate?: number;
  /** Sends outstanding at once. @defaultValue 24 */
  concurrency?: number;
  /** Every n-th message is large enough to be streamed (and sent in several BDAT chunks). @defaultValue 97 */
  largeEvery?: number;
  /** Faults not played, as `phase:kind` (see FaultPlanOptions.exclude). @defaultValue [] */
  exclude?: string[];
  /** Allowed RSS growth from after the warm-up to the end, in MiB. @defaultValue 8 */
  rssLimitMiB?: number;
  /** Allowed growth of the used JS heap from after the warm-up to the end, in MiB. @defaultValue 4 */
  heapLimitMiB?: number;
}

/** What the client reported for one message. */
const enum Outcome {
  Pending = 0,
  Accepted = 1,
  Refused = 2,
  Uncertain = 3,
  Foreign = 4,
}

/** Counts of broken promises; each must be zero. */
export interface SoakViolations {
  /** A send that never settled (its promise or its callback). */
  unsettled: number;
  /** A callback that ran more than once, or disagreed with the promise. */
  callbackMisbehaved: number;
  /** A rejection that is not an SmtpError. */
  foreignErrors: number;
  /** The server accepted the message, but the client reported it not sent. */
  acceptedButNotSent: number;
  /** The server accepted the message more than once, and the client did not report it uncertain. */
  duplicateAccepted: number;
  /** More than two MAIL FROM transactions for one message (at most one retry after not-sent). */
  tooManyAttempts: number;
  unhandledRejections: number;
  uncaughtExceptions: number;
  /** A message accepted under a Message-ID other than its own. */
  mismatchedIds: number;
  /** RSS grew past the limit (0 or 1; always 0 when the check was skipped). */
  rssGrowth: number;
  /** The used JS heap grew past the limit (0 or 1; always 0 when the check was skipped). */
  heapGrowth: number;
}

export interface SoakReport {
  mode: SoakMode;
  seed: number;
  count: number;
  faultRate: number;
  excluded: string[];
  elapsedMs: number;
  /** Outcomes as the client reported them. */
  outcomes: { accepted: number; refused: number; uncertain: number };
  /** Messages never handed to sendMail because the soak stopped early (stuck sends). */
  notStarted: number;
  /** Messages the server saw two MAIL FROM transactions for. */
  retried: number;
  /** Messages the server accepted at least once. */
  serverAccepted: number;
  /** Reported accepted although the server never accepted them (possible when a surplus 250 is taken as the answer). */
  refusedButReportedAccepted: number;
  /** Failures by code/phase/delivery. */
  errors: Record<string, number>;
  faults: Record<string, number>;
  connections: number;
  rss: { checked: boolean; beforeMiB: number; afterMiB: number; heapBeforeMiB: number; heapAfterMiB: number; note?: string };
  /**
   * RSS and V8's committed heap (MiB) after the warm-up (the baseline, after gc) and at each tenth of the run
   * after it, to tell a trend from noise.
   */
  samples: Array<{ sent: number; rssMiB: number; heapTotalMiB: number }>;
  violations: SoakViolations;
  /** A few examples of each violation, to start debugging from. */
  examples: string[];
}

const MiB = 1024 * 1024;
const ID_PATTERN = /^<?soak-(\d+)@soak\.test>?$/;
/** Without a settlement for this long, the sends still open are reported as unsettled. */
const STUCK_AFTER_MS = 10_000;

const LARGE_TEXT = `${'soak line of a large message, streamed and chunked. '.repeat(40)}\n`.repeat(200);

function messageFor(index: number, largeEvery: number): MailMessage {
  const address = `soak-${index}@soak.test`;
  const twoRecipients = index % 3 === 0;
  return {
    from: address,
    to: twoRecipients ? ['one@rcpt.test', 'two@rcpt.test'] : 'one@rcpt.test',
    subject: `soak ${index}`,
    messageId: `<${address}>`,
    text: index % largeEvery === largeEvery - 1 ? LARGE_TEXT : `message ${index}\n.\n..leading dots and a lone dot line\n`,
  };
}

function gc(): boolean {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return false;
  collect();
  collect();
  return true;
}

/** Runs one soak in this process and reports; it never throws for a broken promise, it counts it. */
export async function runSoak(config: SoakConfig): Promise<SoakReport> {
  const { count, seed, mode } = config;
  const faultRate = config.faultRate ?? 0.03;
  const concurrency = config.concurrency ?? 24;
  const largeEvery = config.largeEvery ?? 97;
  const rssLimitMiB = config.rssLimitMiB ?? 8;
  const heapLimitMiB = config.heapLimitMiB ?? 4;

  // Everything the checks need is allocated before the first message, so it does not count as growth.
  const outcome = new Uint8Array(count);
  const callbacks = new Uint8Array(count);
  const callbackAgrees = new Uint8Array(count).fill(1);
  const started = new Uint8Array(count);
  /** Why each message reported not sent failed (few, so a map is cheap). */
  const notSentWhy = new Map<number, string>();
  const errors: Record<string, number> = {};
  const examples: string[] = [];
  let unhandledRejections = 0;
  let uncaughtExceptions = 0;
  const note = (text: string): void => {
    if (examples.length < 40) examples.push(text);
  };
  const onRejection = (reason: unknown): void => {
    unhandledRejections += 1;
    note(`unhandledRejection: ${reason instanceof Error ? `${(reason as SmtpError).code ?? ''} ${reason.message}` : String(reason)}`);
  };
  const onException = (err: Error): void => {
    uncaughtExceptions += 1;
    note(`uncaughtException: ${err.stack ?? err.message}`);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);

  const server: FaultServer = await startFaultServer({
    plan: new FaultPlan({ seed, rate: faultRate, exclude: config.exclude }),
    chunking: mode === 'chunking',
    capacity: count,
    messageNumber: (text) => {
      const match = ID_PATTERN.exec(text);
      const n = match ? Number(match[1]) : -1;
      return n >= 0 && n < count ? n : undefined;
    },
  });
  // No `error` listener on purpose: an `error` event emitted without one would surface as an uncaught exception.
  const transport = createTransport({
    host: server.host,
    port: server.port,
    name: 'soak.client',
    pool: true,
    maxConnections: 3,
    maxTransactionsInFlight: mode === 'chunking' ? 4 : 1,
    connectionTimeout: 1000,
    greetingTimeout: 300,
    socketTimeout: 300,
  });

  let lastProgress = Date.now();
  /** Set when sends stopped settling: the rest of the soak is skipped and reported as not started. */
  let isStuck = false;
  const send = (index: number): Promise<void> => {
    let callbackError: SmtpError | null | undefined;
    const sending = transport.sendMail(messageFor(index, largeEvery), (err) => {
      callbacks[index] += 1;
      callbackError = err;
    });
    // The callback is a reaction registered on the same promise before these, so it has run when they run.
    return sending.then(
      () => {
        outcome[index] = Outcome.Accepted;
        if (callbackError !== null) callbackAgrees[index] = 0;
      },
      (err: unknown) => {
        if (!(err instanceof SmtpError)) {
          outcome[index] = Outcome.Foreign;
          note(`message ${index}: rejected with a non-SmtpError ${String(err)}`);
          return;
        }
        outcome[index] = err.delivery === 'uncertain' ? Outcome.Uncertain : Outcome.Refused;
        if (err.delivery === 'not-sent') notSentWhy.set(index, `${err.code} in ${err.phase ?? '-'}: ${err.message}`);
        const key = `${err.code}/${err.phase ?? '-'}/${err.delivery}`;
        errors[key] = (errors[key] ?? 0) + 1;
        if (callbackError !== err) callbackAgrees[index] = 0;
      },
    ).finally(() => {
      lastProgress = Date.now();
    });
  };

  const samples: SoakReport['samples'] = [];
  const toMiB = (bytes: number): number => Math.round((bytes / MiB) * 10) / 10;
  const sample = (sent: number): void => {
    const usage = process.memoryUsage();
    samples.push({ sent, rssMiB: toMiB(usage.rss), heapTotalMiB: toMiB(usage.heapTotal) });
  };
  const startedAt = Date.now();
  // V8 grows its heap over the first thousands of messages and keeps it (RSS then stays flat within about
  // 1 MiB over 20,000 messages): measure from after that.
  const warmup = count <= 1500 ? Math.floor(count / 3) : Math.min(5000, Math.floor(count / 5));
  const sampleEvery = Math.max(1, Math.floor((count - warmup) / 10));
  /** Sends messages [from, to) with at most `concurrency` outstanding; resolves when all settled, or when stuck. */
  const sendRange = (from: number, to: number): Promise<void> =>
    new Promise<void>((resolve) => {
      let next = from;
      let outstanding = 0;
      const finish = (): void => {
        clearInterval(watchdog);
        resolve();
      };
      const pump = (): void => {
        while (next < to && outstanding < concurrency) {
          outstanding += 1;
          started[next] = 1;
          if (next > warmup && (next - warmup) % sampleEvery === 0) sample(next);
          void send(next).then(() => {
            outstanding -= 1;
            pump();
          });
          next += 1;
        }
        if (next >= to && outstanding === 0) finish();
      };
      const watchdog = setInterval(() => {
        if (Date.now() - lastProgress > STUCK_AFTER_MS) {
          isStuck = true;
          finish();
        }
      }, 1000);
      pump();
    });

  await sendRange(0, warmup);
  const rssChecked = gc();
  const before = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  sample(warmup);
  if (!isStuck) await sendRange(warmup, count);
  let closeTimer: NodeJS.Timeout | undefined;
  await Promise.race([transport.close(), new Promise((resolve) => (closeTimer = setTimeout(resolve, STUCK_AFTER_MS)))]);
  clearTimeout(closeTimer);
  const elapsedMs = Date.now() - startedAt;
  await server.close();
  // Let sockets and timers of the closed connections go before measuring.
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc();
  const after = process.memoryUsage().rss;
  const heapAfter = process.memoryUsage().heapUsed;
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);

  const { mailCommands, accepted } = server.counts;
  const report: SoakReport = {
    mode,
    seed,
    count,
    faultRate,
    excluded: config.exclude ?? [],
    elapsedMs,
    outcomes: { accepted: 0, refused: 0, uncertain: 0 },
    notStarted: 0,
    retried: 0,
    serverAccepted: 0,
    refusedButReportedAccepted: 0,
    errors,
    faults: server.counts.faults,
    connections: server.counts.connections,
    rss: {
      checked: rssChecked,
      beforeMiB: Math.round((before / MiB) * 10) / 10,
      afterMiB: Math.round((after / MiB) * 10) / 10,
      heapBeforeMiB: Math.round((heapBefore / MiB) * 10) / 10,
      heapAfterMiB: Math.round((heapAfter / MiB) * 10) / 10,
      ...(rssChecked ? {} : { note: 'global.gc is not exposed (run node with --expose-gc): RSS not checked' }),
    },
    violations: {
      unsettled: 0,
      callbackMisbehaved: 0,
      foreignErrors: 0,
      acceptedButNotSent: 0,
      duplicateAccepted: 0,
      tooManyAttempts: 0,
      unhandledRejections,
      uncaughtExceptions,
      mismatchedIds: server.counts.mismatchedIds,
      rssGrowth: rssChecked && after - before > rssLimitMiB * MiB ? 1 : 0,
      heapGrowth: rssChecked && heapAfter - heapBefore > heapLimitMiB * MiB ? 1 : 0,
    },
    samples,
    examples,
  };
  const v = report.violations;
  const describe = (i: number): string =>
    `message ${i}: client ${['pending', 'accepted', 'not-sent', 'uncertain', 'foreign'][outcome[i]]}${notSentWhy.has(i) ? ` (${notSentWhy.get(i)})` : ''}, server accepted ${accepted[i]}x after ${mailCommands[i]} MAIL FROM`;
  for (let i = 0; i < count; i += 1) {
    const result = outcome[i] as Outcome;
    if (result === Outcome.Accepted) report.outcomes.accepted += 1;
    if (result === Outcome.Refused) report.outcomes.refused += 1;
    if (result === Outcome.Uncertain) report.outcomes.uncertain += 1;
    if (mailCommands[i] >= 2) report.retried += 1;
    if (accepted[i] > 0) report.serverAccepted += 1;
    if (result === Outcome.Accepted && accepted[i] === 0) report.refusedButReportedAccepted += 1;
    const fail = (key: keyof SoakViolations, why: string): void => {
      v[key] += 1;
      if (v[key] <= 3) note(`${key}: ${describe(i)}${why ? ` (${why})` : ''}`);
    };
    if (started[i] === 0) report.notStarted += 1;
    else if (result === Outcome.Pending || callbacks[i] === 0) fail('unsettled', `callback ran ${callbacks[i]}x`);
    if (callbacks[i] > 1 || callbackAgrees[i] === 0) fail('callbackMisbehaved', `callback ran ${callbacks[i]}x`);
    if (result === Outcome.Foreign) fail('foreignErrors', '');
    if (accepted[i] > 0 && result === Outcome.Refused) fail('acceptedButNotSent', '');
    if (accepted[i] > 1 && result !== Outcome.Uncertain) fail('duplicateAccepted', '');
    if (mailCommands[i] > 2) fail('tooManyAttempts', '');
  }
  if (v.rssGrowth) note(`rssGrowth: ${report.rss.beforeMiB} MiB after the warm-up, ${report.rss.afterMiB} MiB at the end`);
  if (v.heapGrowth) note(`heapGrowth: ${report.rss.heapBeforeMiB} MiB used after the warm-up, ${report.rss.heapAfterMiB} MiB at the end`);
  return report;
}

/** The names of the violations that occurred. */
export function failedChecks(report: SoakReport): string[] {
  return Object.entries(report.violations)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name}=${n}`);
}
