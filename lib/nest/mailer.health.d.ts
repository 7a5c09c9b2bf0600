import { ModuleRef } from '@nestjs/core';
import type { MailerHealthCheckOptions, MailerHealthResult } from './interfaces/health-options.interface.js';
/** How long `isHealthy` waits for `verify()` by default. */
export declare const DEFAULT_HEALTH_TIMEOUT_MS = 5000;
/**
 * Reports whether a mailer's SMTP server can be reached and logged in to, for `HealthCheckService.check`.
 * Provided by `MailerModule`.
 *
 * @example
 * @Get('health') @HealthCheck()
 * check() { return this.health.check([() => this.mailer.isHealthy('mailer', { cacheMs: 10_000 })]); }
 */
export declare class MailerHealthIndicator {
    private readonly moduleRef;
    /** Per mailer name; lives as long as the indicator instance. */
    private readonly cache;
    constructor(moduleRef: ModuleRef);
    /**
     * Runs the mailer's `verify()` within `timeout` and reports `{ [key]: { status: 'up' } }`, or
     * `{ [key]: { status: 'down', code, message } }` with the `SmtpError`'s code and message (never credentials).
     * @throws SmtpError ECONFIG when `@nestjs/terminus` is not installed or no mailer has that name.
     */
    isHealthy<const Key extends string = 'mailer'>(key?: Key, options?: MailerHealthCheckOptions): Promise<MailerHealthResult<Key>>;
    private findHealthIndicatorService;
    private findMailer;
    private probe;
}
