/** HealthController: GET /health, Terminus with the mailer's health indicator. */
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { MailerHealthIndicator } from '../../lib/index.js';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mailer: MailerHealthIndicator,
  ) {}

  /** 200 `{ status: 'ok', info: { mailer: { status: 'up' } } }`, or 503 with the SmtpError code when the server is unreachable. */
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.mailer.isHealthy('mailer', { timeout: 3000 })]);
  }
}
