/** Options and result of MailerHealthIndicator.isHealthy. */

/** How `isHealthy` probes a mailer. */
export interface MailerHealthCheckOptions {
  /** Report down when `verify()` takes longer. @defaultValue 5000 */
  timeout?: number;
  /** Which mailer to probe. @defaultValue 'default' */
  name?: string;
  /**
   * Reuse a result younger than this many milliseconds (and share one probe in flight); `0` runs `verify()` on
   * every check. @defaultValue 30000
   */
  cacheMs?: number;
}

/**
 * One indicator's entry in a Terminus health check: `{ [key]: { status: 'up' } }` or
 * `{ [key]: { status: 'down', code, message } }`. Structurally a Terminus `HealthIndicatorResult`, declared
 * here so that the package's types do not require `@nestjs/terminus` to be installed.
 */
export type MailerHealthResult<Key extends string = string> = Record<
  Key,
  | {
      /** The mail server answered: connect, greeting, EHLO, STARTTLS and AUTH succeeded. */
      status: 'up';
    }
  | {
      /** The check failed. */
      status: 'down';
      /** The `SmtpError` code (`ECONNECTION`, `ETIMEDOUT`, `EAUTH`, ...), or the error's type for any other error. */
      code: string;
      /** What failed; never holds credentials. */
      message: string;
    }
>;

/** How `isQueueHealthy` judges a mailer's outbox. */
export interface MailerQueueHealthCheckOptions {
  /** Which mailer's outbox. @defaultValue 'default' */
  name?: string;
  /** Report down when Redis takes longer to answer. @defaultValue 5000 */
  timeout?: number;
  /** Report down when more jobs than this wait to be sent (waiting, prioritized, delayed). @defaultValue no limit */
  maxBacklog?: number;
  /** Report down when more jobs than this are parked for review. @defaultValue no limit */
  maxParked?: number;
}

/** The counts a queue check reports, up or down. */
export interface MailerQueueCounts {
  /** Jobs waiting to be sent (waiting, prioritized, delayed). */
  backlog: number;
  /** Jobs being sent now. */
  active: number;
  /** Jobs failed for good. */
  failed: number;
  /** Jobs parked for review: delivery unknown. */
  parked: number;
}

/**
 * One queue indicator's entry in a Terminus health check: up with the counts, or down with a code (`EQUEUE`
 * when Redis does not answer, `EBACKLOG` / `EPARKED` past a threshold), a message, and the counts when known.
 */
export type MailerQueueHealthResult<Key extends string = string> = Record<
  Key,
  | ({
      /** Redis answered and the counts are within the thresholds. */
      status: 'up';
    } & MailerQueueCounts)
  | ({
      /** The check failed. */
      status: 'down';
      /** `EQUEUE` (Redis did not answer), `EBACKLOG` or `EPARKED` (a threshold passed). */
      code: string;
      /** What failed. */
      message: string;
    } & Partial<MailerQueueCounts>)
>;
