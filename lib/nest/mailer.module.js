var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
/** MailerModule: forRoot / forRootAsync, one dynamic module per mailer, tokens derived from its name. */
import { Module } from '@nestjs/common';
import { SmtpError } from '../core/errors.js';
import { MailerHealthIndicator } from './mailer.health.js';
import { createAsyncOptionsProviders, createMailerProviders, createOptionsValueProvider, createTransportProvider, getMailerExports, } from './mailer.providers.js';
import { checkMailerName } from './mailer.constants.js';
/**
 * Registers a mailer: its `MailerService`, `MAILER_OPTIONS`, `MAILER_DEFAULTS`, `MAILER_TRANSPORT` and
 * `MailerHealthIndicator`. Call it once per mailer; give every mailer but one a `name`.
 *
 * The dynamic modules are written by hand rather than with `ConfigurableModuleBuilder`: that builder gives
 * every registration the same options token, while each named mailer needs its own set of tokens, derived
 * from a `name` known before any factory runs.
 *
 * @example
 * MailerModule.forRoot({ transport: 'smtps://user:pass@mail.example.com', defaults: { from: 'app@example.com' } })
 */
let MailerModule = class MailerModule {
    /**
     * Registers a mailer from static options.
     * @throws SmtpError ECONFIG at startup (when the providers are built) for bad options, naming the mailer.
     */
    static forRoot(options) {
        checkRegistration(options, 'forRoot');
        const name = checkMailerName(options.name);
        const mailerOptions = options;
        return buildModule(name, options.isGlobal, [
            createOptionsValueProvider(name, mailerOptions),
            createTransportProvider(name),
            ...createMailerProviders(name, options.verifyOnBootstrap ?? false),
        ]);
    }
    /**
     * Registers a mailer whose options come from `useFactory` (with `inject`), or from the
     * `createMailerOptions()` of a `useClass` / `useExisting` class.
     * @throws SmtpError ECONFIG at startup when the factory throws or returns bad options, naming the mailer.
     */
    static forRootAsync(options) {
        checkRegistration(options, 'forRootAsync');
        const name = checkMailerName(options.name);
        const chosen = [options.useFactory, options.useClass, options.useExisting].filter((value) => value !== undefined);
        if (chosen.length !== 1) {
            throw new SmtpError('ECONFIG', `mailer "${name}": forRootAsync needs exactly one of useFactory, useClass or useExisting`);
        }
        const module = buildModule(name, options.isGlobal, [
            ...createAsyncOptionsProviders(name, options),
            createTransportProvider(name),
            ...createMailerProviders(name, options.verifyOnBootstrap ?? false),
            ...(options.extraProviders ?? []),
        ]);
        return { ...module, imports: options.imports ?? [] };
    }
};
MailerModule = __decorate([
    Module({})
], MailerModule);
export { MailerModule };
function checkRegistration(options, method) {
    if (typeof options !== 'object' || options === null) {
        throw new SmtpError('ECONFIG', `MailerModule.${method} expects an options object`);
    }
}
function buildModule(name, isGlobal, providers) {
    return {
        module: MailerModule,
        global: isGlobal ?? false,
        providers: [...providers, MailerHealthIndicator],
        exports: [...getMailerExports(name), MailerHealthIndicator],
    };
}
//# sourceMappingURL=mailer.module.js.map