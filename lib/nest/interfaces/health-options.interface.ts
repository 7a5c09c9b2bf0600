/** Options and result of MailerHealthIndicator.isHealthy. */
import type { MailerService } from '../mailer.service.js';

/** How `isHealthy` probes a mailer. */
export interface MailerHealthCheckOptions {
  /** Report down when `verify()` takes longer. @defaultValue 5000 */
  timeout?: number;
  /** Which mailer to probe. @defaultValue 'default' */
  name?: string;
  /**
   * The mailer to probe, given directly instead of by `name`: a tenant's, from `MailerRegistry.get`. Its results
   * are cached under its own name (`<name>/<key>`).
   */
  mailer?: MailerService;
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
