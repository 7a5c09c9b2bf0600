import { HealthCheckService } from '@nestjs/terminus';
import { MailerHealthIndicator } from '../../lib/index.js';
export declare class HealthController {
    private readonly health;
    private readonly mailer;
    constructor(health: HealthCheckService, mailer: MailerHealthIndicator);
    /** 200 `{ status: 'ok', info: { mailer: { status: 'up' } } }`, or 503 with the SmtpError code when the server is unreachable. */
    check(): Promise<import("@nestjs/terminus").HealthCheckResult<import("@nestjs/terminus").HealthIndicatorResult<string, import("@nestjs/terminus").HealthIndicatorStatus, Record<string, any>> & import("../../lib/index.js").MailerHealthResult<"mailer">, Partial<import("@nestjs/terminus").HealthIndicatorResult<string, import("@nestjs/terminus").HealthIndicatorStatus, Record<string, any>> & import("../../lib/index.js").MailerHealthResult<"mailer">> | undefined, Partial<import("@nestjs/terminus").HealthIndicatorResult<string, import("@nestjs/terminus").HealthIndicatorStatus, Record<string, any>> & import("../../lib/index.js").MailerHealthResult<"mailer">> | undefined>>;
}
