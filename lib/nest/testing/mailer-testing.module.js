var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var MailerTestingModule_1;
/** MailerTestingModule: registers a mailer's usual tokens over an in-memory transport, for unit tests. */
import { Module } from '@nestjs/common';
import { checkMailerName, getMailerModuleOptionsToken, getMailerTransportToken, isDefaultMailer } from '../mailer.constants.js';
import { MailerHealthIndicator } from '../mailer.health.js';
import { createMailerProviders, getMailerExports } from '../mailer.providers.js';
import { InMemoryTransport } from './in-memory-transport.js';
import { MailerTestingStore } from './mailer-testing.store.js';
/** The token of a testing mailer's store: the `MailerTestingStore` class for the default mailer. */
export function getMailerTestingStoreToken(name) {
    return isDefaultMailer(name) ? MailerTestingStore : `MailerTestingStore:${name}`;
}
/**
 * Imported in a test in place of `MailerModule`: the same `MailerService`, `MAILER_OPTIONS`, `MAILER_DEFAULTS`,
 * `MAILER_TRANSPORT` and `MailerHealthIndicator`, over a transport that composes every message fully and
 * keeps it in a `MailerTestingStore` instead of sending it.
 *
 * @example
 * const moduleRef = await Test.createTestingModule({
 *   imports: [MailerTestingModule.forRoot({ defaults: { from: 'app@example.com' } })],
 *   providers: [WelcomeService],
 * }).compile();
 * await moduleRef.get(WelcomeService).welcome('ann@example.com');
 * expect(moduleRef.get(MailerTestingStore).sent[0].to).toEqual(['ann@example.com']);
 */
let MailerTestingModule = MailerTestingModule_1 = class MailerTestingModule {
    static forRoot(options = {}) {
        const name = checkMailerName(options.name);
        const storeToken = getMailerTestingStoreToken(name);
        const moduleOptions = { transport: {}, ...(options.defaults && { defaults: options.defaults }) };
        return {
            module: MailerTestingModule_1,
            global: options.isGlobal ?? false,
            providers: [
                { provide: storeToken, useFactory: () => new MailerTestingStore() },
                { provide: getMailerModuleOptionsToken(name), useValue: moduleOptions },
                {
                    provide: getMailerTransportToken(name),
                    inject: [storeToken],
                    useFactory: (store) => new InMemoryTransport(store, options.defaults),
                },
                ...createMailerProviders(name),
                MailerHealthIndicator,
            ],
            exports: [...getMailerExports(name), storeToken, MailerHealthIndicator],
        };
    }
};
MailerTestingModule = MailerTestingModule_1 = __decorate([
    Module({})
], MailerTestingModule);
export { MailerTestingModule };
//# sourceMappingURL=mailer-testing.module.js.map