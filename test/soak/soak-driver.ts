/**
 * The fault soak: sends N messages through a pooled transport to a fault server, then checks that every send
 * settled once and that what the client reported agrees with what the server accepted.
 */
import { createTransport, type SmtpTransport } from '../../lib/transport/transport.js';
import type { MailMessage } from '../../lib/mime/message.interface.js';
import type { SentMessageInfo } from '../../lib/transport/mail-transport.js';
import type { SmtpError } from '../../lib/core/errors.js';
import { FaultPlan } from '../helpers/fault-plan.js';
import { startFaultServer } from '../helpers/fault-server.js';
import { SoakLedger } from './soak-ledger.js';
import type { SoakMode, SoakReport } from './soak-report.js';

export type { SoakMode, SoakReport, SoakViolations } from './soak-report.js';
export { failedChecks } from './soak-report.js';

export interface SoakConfig {
  count: number;
  seed: number;
  mode: SoakMode;
  /** Probability of a fault per command. @defaultValue 0.03 */
  faultRate?: number;
  /** Faults not played, as `phase:kind` (see FaultPlanOptions.exclude). @defaultValue [] */
  exclude?: string[];
  /** Sends outstanding at once. @defaultValue 24 */
  concurrency?: number;
  /** Every n-th message is large enough to be streamed (and sent in several BDAT chunks). @defaultValue 97 */
  largeEvery?: number;
  /** Allowed growth of RSS outside V8's committed heap, from after the warm-up to the end, in MiB. @defaultValue 8 */
  rssLimitMiB?: number;
  /** Allowed growth of the used JS heap from after the warm-up to the end, in MiB. @defaultValue 4 */
  heapLimitMiB?: number;
}

const MiB = 1024 * 1024;
const ID_PATTERN = /^<?soak-(\d+)@soak\.test>?$/;
/** Without a settlement for this long, the sends still open are reported as unsettled. */
const STUCK_AFTER_MS = 10_000;

const LARGE_TEXT = `${'soak line of a large message, streamed and chunked. '.repeat(40)}\n`.repeat(200);

function messageFor(index: number, largeEvery: number): MailMessage {
  const address = `soak-${index}@soak.test`;
  return {
    from: address,
    to: index % 3 === 0 ? ['one@rcpt.test', 'two@rcpt.test'] : 'one@rcpt.test',
    subject: `soak ${index}`,
    messageId: `<${address}>`,
    text: index % largeEvery === largeEvery - 1 ? LARGE_TEXT : `message ${index}\n.\n..leading dots and a lone dot line\n`,
  };
}

function toMiB(bytes: number): number {
  return Math.round((bytes / MiB) * 10) / 10;
}

/** Collects garbage (twice: the first pass may only schedule finalizers); false when gc is not exposed. */
function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return gc !== undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for `work`, at most `ms`. */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Sends messages in ranges, at most `concurrency` outstanding, and notices when sends stop settling. */
class SoakSender {
  private lastProgress = Date.now();
  /** Set when sends stopped settling: the rest of the soak is skipped and reported as not started. */
  isStuck = false;
  readonly samples: SoakReport['samples'] = [];

  constructor(
    private readonly transport: SmtpTransport,
    private readonly ledger: SoakLedger,
    private readonly config: { concurrency: number; largeEvery: number; sampleFrom: number; sampleEvery: number },
  ) {}

  /** Records RSS and the committed heap, labelled with the number of messages sent. */
  sample(sent: number): void {
    const usage = process.memoryUsage();
    this.samples.push({ sent, rssMiB: toMiB(usage.rss), heapTotalMiB: toMiB(usage.heapTotal) });
  }

  /** Sends messages [from, to), then closes the transport (waiting a bounded time for it). */
  async run(from: number, to: number): Promise<void> {
    await this.sendRange(from, to);
    await within(this.transport.close(), STUCK_AFTER_MS);
  }

  /** Sends messages [from, to); resolves when all settled, or when none settled for a while. */
  private sendRange(from: number, to: number): Promise<void> {
    const { concurrency, sampleFrom, sampleEvery } = this.config;
    return new Promise<void>((resolve) => {
      let next = from;
      let outstanding = 0;
      const finish = (): void => {
        clearInterval(watchdog);
        resolve();
      };
      const pump = (): void => {
        while (next < to && outstanding < concurrency) {
          outstanding += 1;
          if (next > sampleFrom && (next - sampleFrom) % sampleEvery === 0) this.sample(next);
          void this.send(next).then(() => {
            outstanding -= 1;
            pump();
          });
          next += 1;
        }
        if (next >= to && outstanding === 0) finish();
      };
      const watchdog = setInterval(() => {
        if (Date.now() - this.lastProgress <= STUCK_AFTER_MS) return;
        this.isStuck = true;
        finish();
      }, 1000);
      pump();
    });
  }

  /**
   * Even messages go through the callback form (the ledger counts its calls, so a second call shows), odd ones
   * through the promise form (the ledger's callback is then called from the promise, once by construction).
   */
  private send(index: number): Promise<void> {
    const message = messageFor(index, this.config.largeEvery);
    const callback = this.ledger.callbackFor(index);
    const sending =
      index % 2 === 0
        ? new Promise<SentMessageInfo>((resolve, reject) => {
            this.transport.sendMail(message, (err, info) => {
              callback(err);
              if (err) reject(err);
              else resolve(info as SentMessageInfo);
            });
          })
        : this.transport.sendMail(message).then(
            (info) => {
              callback(null);
              return info;
            },
            (err: SmtpError) => {
              callback(err);
              throw err;
            },
          );
    return this.ledger.track(index, sending).finally(() => {
      this.lastProgress = Date.now();
    });
  }
}

/**
 * A pooled transport with short timeouts. No `error` listener on purpose: an `error` event emitted without one
 * would surface as an uncaught exception, which the soak counts.
 */
function openTransport(host: string, port: number, mode: SoakMode): SmtpTransport {
  return createTransport({
    host,
    port,
    name: 'soak.client',
    pool: true,
    maxConnections: 3,
    maxTransactionsInFlight: mode === 'chunking' ? 4 : 1,
    connectionTimeout: 1000,
    greetingTimeout: 300,
    socketTimeout: 300,
  });
}

/** Runs one soak in this process and reports; it never throws for a broken promise, it counts it. */
export async function runSoak(config: SoakConfig): Promise<SoakReport> {
  const { count, seed, mode } = config;
  const faultRate = config.faultRate ?? 0.03;
  const ledger = new SoakLedger(count);
  ledger.listen();
  const server = await startFaultServer({
    plan: new FaultPlan({ seed, rate: faultRate, exclude: config.exclude }),
    chunking: mode === 'chunking',
    capacity: count,
    messageNumber: (text) => {
      const n = Number(ID_PATTERN.exec(text)?.[1] ?? -1);
      return n >= 0 && n < count ? n : undefined;
    },
  });
  // V8 grows its heap over the first thousands of messages and keeps it: memory is measured from after that,
  // and in the same state as at the end (every connection closed, garbage collected).
  const warmup = count <= 1500 ? Math.floor(count / 3) : Math.min(5000, Math.floor(count / 5));
  const senderConfig = {
    concurrency: config.concurrency ?? 24,
    largeEvery: config.largeEvery ?? 97,
    sampleFrom: warmup,
    sampleEvery: Math.max(1, Math.floor((count - warmup) / 10)),
  };
  const startedAt = Date.now();
  const warming = new SoakSender(openTransport(server.host, server.port, mode), ledger, senderConfig);
  await warming.run(0, warmup);
  const isMeasured = collectGarbage();
  const before = process.memoryUsage();
  const sender = new SoakSender(openTransport(server.host, server.port, mode), ledger, senderConfig);
  sender.sample(warmup);
  if (!warming.isStuck) await sender.run(warmup, count);
  const elapsedMs = Date.now() - startedAt;
  await server.close();
  // Let sockets and timers of the closed connections go before measuring.
  await delay(100);
  collectGarbage();
  const after = process.memoryUsage();
  ledger.stopListening();

  const tally = ledger.tally(server.counts);
  // RSS counts V8's committed heap, which V8 may enlarge and keep (its young generation grows with the allocation
  // rate) without holding anything more: the heap is judged by what it uses, the rest of RSS (Buffers, sockets,
  // native memory) by its own growth.
  const outsideHeap = (usage: NodeJS.MemoryUsage): number => usage.rss - usage.heapTotal;
  const rssGrowth = isMeasured && outsideHeap(after) - outsideHeap(before) > (config.rssLimitMiB ?? 8) * MiB ? 1 : 0;
  const heapGrowth = isMeasured && after.heapUsed - before.heapUsed > (config.heapLimitMiB ?? 4) * MiB ? 1 : 0;
  const rss: SoakReport['rss'] = {
    checked: isMeasured,
    beforeMiB: toMiB(before.rss),
    afterMiB: toMiB(after.rss),
    heapTotalBeforeMiB: toMiB(before.heapTotal),
    heapTotalAfterMiB: toMiB(after.heapTotal),
    heapBeforeMiB: toMiB(before.heapUsed),
    heapAfterMiB: toMiB(after.heapUsed),
    ...(isMeasured ? {} : { note: 'global.gc is not exposed (run node with --expose-gc): RSS not checked' }),
  };
  if (rssGrowth) {
    ledger.note(
      `rssGrowth: ${rss.beforeMiB} MiB after the warm-up (heap committed ${rss.heapTotalBeforeMiB}), ${rss.afterMiB} MiB at the end (heap committed ${rss.heapTotalAfterMiB})`,
    );
  }
  if (heapGrowth) ledger.note(`heapGrowth: ${rss.heapBeforeMiB} MiB used after the warm-up, ${rss.heapAfterMiB} MiB at the end`);
  return {
    mode,
    seed,
    count,
    faultRate,
    excluded: config.exclude ?? [],
    elapsedMs,
    ...tally,
    faults: server.counts.faults,
    connections: server.counts.connections,
    rss,
    samples: sender.samples,
    violations: { ...tally.violations, rssGrowth, heapGrowth },
  };
}
