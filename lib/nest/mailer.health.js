var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
/** MailerHealthIndicator: a Terminus health indicator over verify(), loading @nestjs/terminus only when it runs. */
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { SmtpError } from '../core/errors.js';
import { DEFAULT_MAILER_NAME, getMailerToken } from './mailer.constants.js';
/** How long `isHealthy` waits for `verify()` by default. */
export const DEFAULT_HEALTH_TIMEOUT_MS = 5000;
/**
 * Reports whether a mailer's SMTP server can be reached and logged in to, for `HealthCheckService.check`.
 * Provided by `MailerModule`.
 *
 * @example
 * @Get('health') @HealthCheck()
 * check() { return this.health.check([() => this.mailer.isHealthy('mailer', { cacheMs: 10_000 })]); }
 */
let MailerHealthIndicator = class MailerHealthIndicator {
    moduleRef;
    /** Per mailer name; lives as long as the indicator instance. */
    cache = new Map();
    constructor(moduleRef) {
        this.moduleRef = moduleRef;
    }
    /**
     * Runs the mailer's `verify()` within `timeout` and reports `{ [key]: { status: 'up' } }`, or
     * `{ [key]: { status: 'down', code, message } }` with the `SmtpError`'s code and message (never credentials).
     * @throws SmtpError ECONFIG when `@nestjs/terminus` is not installed or no mailer has that name.
     */
    async isHealthy(key = 'mailer', options = {}) {
        const health = await this.findHealthIndicatorService();
        const name = options.name ?? DEFAULT_MAILER_NAME;
        const mailer = this.findMailer(name);
        const outcome = await this.probe(mailer, name, options.timeout ?? DEFAULT_HEALTH_TIMEOUT_MS, options.cacheMs ?? 0);
        const session = health.check(key);
        const result = outcome.up ? session.up() : session.down({ code: outcome.code, message: outcome.message });
        return result;
    }
    async findHealthIndicatorService() {
        const terminus = await loadTerminus();
        try {
            return this.moduleRef.get(terminus.HealthIndicatorService, { strict: false });
        }
        catch {
            // TerminusModule not imported (the indicator used outside a health controller): the service holds no
            // state a check needs, so a private one builds the same result.
            return new terminus.HealthIndicatorService();
        }
    }
    findMailer(name) {
        try {
            return this.moduleRef.get(getMailerToken(name), { strict: false });
        }
        catch (err) {
            throw new SmtpError('ECONFIG', `MailerHealthIndicator: no mailer named "${name}"; register it with MailerModule.forRoot({ name: '${name}', ... })`, { cause: err });
        }
    }
    probe(mailer, name, timeoutMs, cacheMs) {
        if (cacheMs <= 0)
            return verifyWithin(mailer, timeoutMs);
        const cached = this.cache.get(name);
        if (cached && cached.expiresAt > Date.now())
            return cached.outcome;
        const outcome = verifyWithin(mailer, timeoutMs);
        const entry = { outcome, expiresAt: Number.POSITIVE_INFINITY };
        this.cache.set(name, entry);
        // The result stays fresh for cacheMs from when it arrived; callers meanwhile share the probe in flight.
        void outcome.then(() => { entry.expiresAt = Date.now() + cacheMs; });
        return outcome;
    }
};
MailerHealthIndicator = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [ModuleRef])
], MailerHealthIndicator);
export { MailerHealthIndicator };
async function loadTerminus() {
    try {
        return (await import('@nestjs/terminus'));
    }
    catch (err) {
        throw new SmtpError('ECONFIG', 'MailerHealthIndicator needs @nestjs/terminus: npm install @nestjs/terminus', { cause: err });
    }
}
/** `verify()`, settled as up or down within `timeoutMs`; never rejects. */
async function verifyWithin(mailer, timeoutMs) {
    let timer;
    // The probe's deadline also ends the SMTP session it opened, so a stalled server holds no connection.
    const abort = new AbortController();
    const timedOut = new Promise((resolve) => {
        timer = setTimeout(() => {
            abort.abort();
            resolve({ up: false, code: 'ETIMEDOUT', message: `verify() did not finish within ${timeoutMs} ms` });
        }, timeoutMs);
    });
    const verified = mailer.verify({ signal: abort.signal }).then(() => ({ up: true }), (err) => toDownOutcome(err));
    try {
        return await Promise.race([verified, timedOut]);
    }
    finally {
        clearTimeout(timer);
    }
}
function toDownOutcome(err) {
    if (err instanceof SmtpError)
        return { up: false, code: err.code, message: err.message };
    // Not an engine error: its message could hold anything, so only its type is reported.
    const code = typeof err?.code === 'string' ? err.code : 'EUNKNOWN';
    return { up: false, code, message: err instanceof Error ? `${err.name} during verify()` : 'verify() failed' };
}
//# sourceMappingURL=mailer.health.js.map