/** What a soak run reports: outcomes as the client saw them, what the server saw, and the broken promises. */

export type SoakMode = 'data' | 'chunking';

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
  /** RSS outside V8's committed heap grew past the limit (0 or 1; always 0 when the check was skipped). */
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
  rss: {
    checked: boolean;
    beforeMiB: number;
    afterMiB: number;
    heapTotalBeforeMiB: number;
    heapTotalAfterMiB: number;
    heapBeforeMiB: number;
    heapAfterMiB: number;
    note?: string;
  };
  /**
   * RSS and V8's committed heap (MiB) after the warm-up (the baseline, after gc) and at each tenth of the run
   * after it, to tell a trend from noise.
   */
  samples: Array<{ sent: number; rssMiB: number; heapTotalMiB: number }>;
  violations: SoakViolations;
  /** A few examples of each violation, to start debugging from. */
  examples: string[];
}

/** The names of the violations that occurred, with their counts. */
export function failedChecks(report: SoakReport): string[] {
  return Object.entries(report.violations)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name}=${n}`);
}
