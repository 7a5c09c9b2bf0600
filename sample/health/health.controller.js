var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
/** HealthController: GET /health, Terminus with the mailer's health indicator. */
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { MailerHealthIndicator } from '../../lib/index.js';
let HealthController = class HealthController {
    health;
    mailer;
    constructor(health, mailer) {
        this.health = health;
        this.mailer = mailer;
    }
    /** 200 `{ status: 'ok', info: { mailer: { status: 'up' } } }`, or 503 with the SmtpError code when the server is unreachable. */
    check() {
        return this.health.check([() => this.mailer.isHealthy('mailer', { timeout: 3000 })]);
    }
};
__decorate([
    Get(),
    HealthCheck(),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", void 0)
], HealthController.prototype, "check", null);
HealthController = __decorate([
    Controller('health'),
    __metadata("design:paramtypes", [HealthCheckService,
        MailerHealthIndicator])
], HealthController);
export { HealthController };
//# sourceMappingURL=health.controller.js.map