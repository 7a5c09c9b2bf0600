/**
 * The client's side of a soak: how each send settled, how often its callback ran, what leaked to the process;
 * then, with the server's counts, the tally. Storage is allocated up front so that it does not count as growth.
 */
import { SmtpError } from '../../lib/core/errors.js';
import type { SentMessageInfo } from '../../lib/transport/mail-transport.js';
import type { FaultServerCounts } from '../helpers/fault-server.js';
import type { SoakReport, SoakViolations } from './soak-report.js';

const enum Outcome {
  Pending = 0,
  Accepted = 1,
  Refused = 2,
  Uncertain = 3,
  Foreign = 4,
}

const OUTCOME_NAMES = ['pending', 'accepted', 'not-sent', 'uncertain', 'foreign'];
const MAX_EXAMPLES = 40;

/** The part of a report the ledger fills in. */
export type LedgerTally = Pick<
  SoakReport,
  'outcomes' | 'notStarted' | 'retried' | 'serverAccepted' | 'refusedButReportedAccepted' | 'errors' | 'examples'
> & { violations: Omit<SoakViolations, 'rssGrowth' | 'heapGrowth'> };

export class SoakLedger {
  private readonly outcome: Uint8Array;
  private readonly callbacks: Uint8Array;
  private readonly callbackAgrees: Uint8Array;
  private readonly started: Uint8Array;
  /** What the callback of each send still in flight was called with. */
  private readonly callbackErrors = new Map<number, SmtpError | null>();
  /** Why each message reported not sent failed: an index into `reasons`, 0 for none. */
  private readonly notSentWhy: Uint16Array;
  /** Distinct failure texts (few: the fault server's replies are fixed), interned so that memory stays flat. */
  private readonly reasons = new Map<string, number>();
  private readonly reasonTexts: string[] = [''];
  private readonly errors: Record<string, number> = {};
  readonly examples: string[] = [];
  private unhandledRejections = 0;
  private uncaughtExceptions = 0;
  private readonly onRejection = (reason: unknown): void => {
    this.unhandledRejections += 1;
    if (this.unhandledRejections <= 3) this.note(`unhandledRejection: ${reason instanceof Error ? `${(reason as SmtpError).code ?? ''} ${reason.message}` : String(reason)}`);
  };
  private readonly onException = (err: Error): void => {
    this.uncaughtExceptions += 1;
    if (this.uncaughtExceptions <= 3) this.note(`uncaughtException: ${err.stack ?? err.message}`);
  };

  constructor(private readonly count: number) {
    this.outcome = new Uint8Array(count);
    this.callbacks = new Uint8Array(count);
    this.callbackAgrees = new Uint8Array(count).fill(1);
    this.started = new Uint8Array(count);
    this.notSentWhy = new Uint16Array(count);
  }

  /** Counts unhandled rejections and uncaught exceptions of this process until `stopListening`. */
  listen(): void {
    process.on('unhandledRejection', this.onRejection);
    process.on('uncaughtException', this.onException);
  }

  stopListening(): void {
    process.off('unhandledRejection', this.onRejection);
    process.off('uncaughtException', this.onException);
  }

  note(text: string): void {
    if (this.examples.length < MAX_EXAMPLES) this.examples.push(text);
  }

  /** The callback to give sendMail for message `index`. */
  callbackFor(index: number): (err: SmtpError | null) => void {
    this.started[index] = 1;
    return (err) => {
      this.callbacks[index] += 1;
      this.callbackErrors.set(index, err);
    };
  }

  /**
   * Records how the send settled. The callback is a reaction registered on the same promise before this one,
   * so it has run when this runs.
   */
  track(index: number, sending: Promise<SentMessageInfo>): Promise<void> {
    return sending.then(
      () => {
        this.outcome[index] = Outcome.Accepted;
        this.checkCallback(index, null);
      },
      (err: unknown) => {
        this.checkCallback(index, err);
        if (!(err instanceof SmtpError)) {
          this.outcome[index] = Outcome.Foreign;
          this.note(`message ${index}: rejected with a non-SmtpError ${String(err)}`);
          return;
        }
        this.outcome[index] = err.delivery === 'uncertain' ? Outcome.Uncertain : Outcome.Refused;
        if (err.delivery === 'not-sent') this.notSentWhy[index] = this.intern(`${err.code} in ${err.phase ?? '-'}: ${err.message}`);
        const key = `${err.code}/${err.phase ?? '-'}/${err.delivery}`;
        this.errors[key] = (this.errors[key] ?? 0) + 1;
      },
    );
  }

  private intern(text: string): number {
    let id = this.reasons.get(text);
    if (id === undefined && this.reasonTexts.length < 65_535) {
      id = this.reasonTexts.push(text) - 1;
      this.reasons.set(text, id);
    }
    return id ?? 0;
  }

  /** The callback must have run already, with the promise's error (or null when it resolved). */
  private checkCallback(index: number, expected: unknown): void {
    const hasRun = this.callbackErrors.has(index);
    const got = this.callbackErrors.get(index);
    this.callbackErrors.delete(index);
    if (!hasRun || got !== expected) this.callbackAgrees[index] = 0;
  }

  /** Compares every message's outcome with the server's counts. */
  tally(server: FaultServerCounts): LedgerTally {
    const tally: LedgerTally = {
      outcomes: { accepted: 0, refused: 0, uncertain: 0 },
      notStarted: 0,
      retried: 0,
      serverAccepted: 0,
      refusedButReportedAccepted: 0,
      errors: this.errors,
      examples: this.examples,
      violations: {
        unsettled: 0,
        callbackMisbehaved: 0,
        foreignErrors: 0,
        acceptedButNotSent: 0,
        duplicateAccepted: 0,
        tooManyAttempts: 0,
        unhandledRejections: this.unhandledRejections,
        uncaughtExceptions: this.uncaughtExceptions,
        mismatchedIds: server.mismatchedIds,
      },
    };
    for (let i = 0; i < this.count; i += 1) this.tallyOne(i, server, tally);
    return tally;
  }

  private tallyOne(i: number, server: FaultServerCounts, tally: LedgerTally): void {
    const result = this.outcome[i] as Outcome;
    const accepted = server.accepted[i] ?? 0;
    const mails = server.mailCommands[i] ?? 0;
    if (result === Outcome.Accepted) tally.outcomes.accepted += 1;
    if (result === Outcome.Refused) tally.outcomes.refused += 1;
    if (result === Outcome.Uncertain) tally.outcomes.uncertain += 1;
    if (mails >= 2) tally.retried += 1;
    if (accepted > 0) tally.serverAccepted += 1;
    if (result === Outcome.Accepted && accepted === 0) tally.refusedButReportedAccepted += 1;
    const fail = (key: keyof LedgerTally['violations'], detail = ''): void => {
      tally.violations[key] += 1;
      if (tally.violations[key] > 3) return;
      const why = this.notSentWhy[i] ?? 0;
      const reason = why > 0 ? ` (${this.reasonTexts[why]})` : '';
      this.note(`${key}: message ${i}: client ${OUTCOME_NAMES[result]}${reason}, server accepted ${accepted}x after ${mails} MAIL FROM${detail}`);
    };
    const callbacks = this.callbacks[i] ?? 0;
    if (this.started[i] === 0) tally.notStarted += 1;
    else if (result === Outcome.Pending || callbacks === 0) fail('unsettled', `; callback ran ${callbacks}x`);
    if (callbacks > 1 || this.callbackAgrees[i] === 0) fail('callbackMisbehaved', `; callback ran ${callbacks}x`);
    if (result === Outcome.Foreign) fail('foreignErrors');
    if (accepted > 0 && result === Outcome.Refused) fail('acceptedButNotSent');
    if (accepted > 1 && result !== Outcome.Uncertain) fail('duplicateAccepted');
    if (mails > 2) fail('tooManyAttempts');
  }
}
