// health.controller.ts: GET /health is up when the mail server answers (connect, EHLO, AUTH; nothing sent).
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { MailerHealthIndicator } from 'nestjs-smtp';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mailer: MailerHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.mailer.isHealthy('mailer', { timeout: 3000 })]);
  }
}
