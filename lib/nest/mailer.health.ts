/** MailerHealthIndicator: a Terminus health indicator over verify(), loading @nestjs/terminus only when it runs. */
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
// Types only: the package must load in an app without @nestjs/terminus (an optional peer).
import type { HealthIndicatorService } from '@nestjs/terminus';
import { SmtpError } from '../core/errors.js';
import { DEFAULT_MAILER_NAME, getMailerToken } from './mailer.constants.js';
import type { MailerService } from './mailer.service.js';
import type {
  MailerHealthCheckOptions,
  MailerHealthResult,
  MailerQueueHealthCheckOptions,
  MailerQueueHealthResult,
} from './interfaces/health-options.interface.js';
import { checkQueue } from './queue-health.js';

/** How long `isHealthy` waits for `verify()` by default. */
export const DEFAULT_HEALTH_TIMEOUT_MS = 5000;

/**
 * How long a probe's result is reused by default: a readiness probe every few seconds then opens at most one
 * SMTP session per mailer every 30 s, which providers do not mistake for abuse.
 */
export const DEFAULT_HEALTH_CACHE_MS = 30_000;

/** What one probe found: nothing when up, the failure's code and message when down. */
type ProbeOutcome = { up: true } | { up: false; code: string; message: string };

interface CachedProbe {
  outcome: Promise<ProbeOutcome>;
  expiresAt: number;
}

type TerminusExports = { HealthIndicatorService: new () => HealthIndicatorService };

/**
 * Reports whether a mailer's SMTP server can be reached and logged in to, for `HealthCheckService.check`.
 * Provided by `MailerModule`.
 *
 * @example
 * @Get('health') @HealthCheck()
 * check() { return this.health.check([() => this.mailer.isHealthy('mailer')]); }
 */
@Injectable()
export class MailerHealthIndicator {
  /** Per mailer name; lives as long as the indicator instance. */
  private readonly cache = new Map<string, CachedProbe>();

  constructor(private readonly moduleRef: ModuleRef) {}

  /**
   * Runs the mailer's `verify()` within `timeout` and reports `{ [key]: { status: 'up' } }`, or
   * `{ [key]: { status: 'down', code, message } }` with the `SmtpError`'s code and message (never credentials).
   * A result is reused for `cacheMs` (30 s by default; `0` probes every time). Meant for readiness checks: an
   * SMTP outage should take the app out of rotation, not restart it, so keep it out of liveness checks.
   * @throws SmtpError ECONFIG when `@nestjs/terminus` is not installed or no mailer has that name.
   */
  async isHealthy<const Key extends string = 'mailer'>(
    key: Key = 'mailer' as Key,
    options: MailerHealthCheckOptions = {},
  ): Promise<MailerHealthResult<Key>> {
    const health = await this.findHealthIndicatorService();
    const name = options.name ?? DEFAULT_MAILER_NAME;
    const mailer = this.findMailer(name);
    const outcome = await this.probe(mailer, name, options.timeout ?? DEFAULT_HEALTH_TIMEOUT_MS, options.cacheMs ?? DEFAULT_HEALTH_CACHE_MS);
    const session = health.check(key);
    const result = outcome.up ? session.up() : session.down({ code: outcome.code, message: outcome.message });
    return result as MailerHealthResult<Key>;
  }

  /**
   * Checks a mailer's outbox: Redis answers within `timeout`, and the backlog and parked counts are within
   * `maxBacklog` and `maxParked` when given. Reports `{ [key]: { status: 'up', backlog, active, failed, parked } }`
   * or down with `code` (`EQUEUE`, `EBACKLOG`, `EPARKED`) and `message`. Not cached: it costs a few Redis reads.
   * @throws SmtpError ECONFIG when `@nestjs/terminus` is not installed, no mailer has that name, or it has no `queue`.
   */
  async isQueueHealthy<const Key extends string = 'mailer-queue'>(
    key: Key = 'mailer-queue' as Key,
    options: MailerQueueHealthCheckOptions = {},
  ): Promise<MailerQueueHealthResult<Key>> {
    const health = await this.findHealthIndicatorService();
    const name = options.name ?? DEFAULT_MAILER_NAME;
    const { outbox } = this.findMailer(name);
    if (!outbox) throw new SmtpError('ECONFIG', `MailerHealthIndicator: mailer "${name}" has no queue option, so no outbox to check`);
    const outcome = await checkQueue(outbox, options.timeout ?? DEFAULT_HEALTH_TIMEOUT_MS, options);
    const session = health.check(key);
    const result = outcome.up ? session.up({ ...outcome.counts }) : session.down({ code: outcome.code, message: outcome.message, ...outcome.counts });
    return result as MailerQueueHealthResult<Key>;
  }

  private async findHealthIndicatorService(): Promise<HealthIndicatorService> {
    const terminus = await loadTerminus();
    try {
      return this.moduleRef.get(terminus.HealthIndicatorService, { strict: false });
    } catch {
      // TerminusModule not imported (the indicator used outside a health controller): the service holds no
      // state a check needs, so a private one builds the same result.
      return new terminus.HealthIndicatorService();
    }
  }

  private findMailer(name: string): MailerService {
    try {
      return this.moduleRef.get<MailerService>(getMailerToken(name), { strict: false });
    } catch (err) {
      throw new SmtpError('ECONFIG', `MailerHealthIndicator: no mailer named "${name}"; register it with MailerModule.forRoot({ name: '${name}', ... })`, { cause: err });
    }
  }

  private probe(mailer: MailerService, name: string, timeoutMs: number, cacheMs: number): Promise<ProbeOutcome> {
    if (cacheMs <= 0) return verifyWithin(mailer, timeoutMs);
    const cached = this.cache.get(name);
    if (cached && cached.expiresAt > Date.now()) return cached.outcome;
    const outcome = verifyWithin(mailer, timeoutMs);
    const entry: CachedProbe = { outcome, expiresAt: Number.POSITIVE_INFINITY };
    this.cache.set(name, entry);
    // The result stays fresh for cacheMs from when it arrived; callers meanwhile share the probe in flight.
    void outcome.then(() => { entry.expiresAt = Date.now() + cacheMs; });
    return outcome;
  }
}

async function loadTerminus(): Promise<TerminusExports> {
  try {
    return (await import('@nestjs/terminus')) as unknown as TerminusExports;
  } catch (err) {
    throw new SmtpError('ECONFIG', 'MailerHealthIndicator needs @nestjs/terminus: npm install @nestjs/terminus', { cause: err });
  }
}

/** `verify()`, settled as up or down within `timeoutMs`; never rejects. */
async function verifyWithin(mailer: MailerService, timeoutMs: number): Promise<ProbeOutcome> {
  let timer: NodeJS.Timeout | undefined;
  // The probe's deadline also ends the SMTP session it opened, so a stalled server holds no connection.
  const abort = new AbortController();
  const timedOut = new Promise<ProbeOutcome>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve({ up: false, code: 'ETIMEDOUT', message: `verify() did not finish within ${timeoutMs} ms` });
    }, timeoutMs);
  });
  const verified = mailer.verify({ signal: abort.signal }).then(
    (): ProbeOutcome => ({ up: true }),
    (err: unknown): ProbeOutcome => toDownOutcome(err),
  );
  try {
    return await Promise.race([verified, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function toDownOutcome(err: unknown): ProbeOutcome {
  if (err instanceof SmtpError) return { up: false, code: err.code, message: err.message };
  // Not an engine error: its message could hold anything, so only its type is reported.
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'EUNKNOWN';
  return { up: false, code, message: err instanceof Error ? `${err.name} during verify()` : 'verify() failed' };
}
