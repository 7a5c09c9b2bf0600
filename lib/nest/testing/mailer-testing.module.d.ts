import type { DynamicModule } from '@nestjs/common';
import type { MailDefaults } from '../../mime/message.interface.js';
import { MailerTestingStore } from './mailer-testing.store.js';
/** The argument of `MailerTestingModule.forRoot`. */
export interface MailerTestingModuleOptions {
    /** Stands in for the mailer of that name. @defaultValue 'default' */
    name?: string;
    /** Message defaults, as `MailerModule.forRoot({ defaults })` would apply them. */
    defaults?: MailDefaults;
    /** Make the providers visible in every module, like a global `MailerModule`. @defaultValue false */
    isGlobal?: boolean;
}
/** The token of a testing mailer's store: the `MailerTestingStore` class for the default mailer. */
export declare function getMailerTestingStoreToken(name?: string): typeof MailerTestingStore | string;
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
export declare class MailerTestingModule {
    static forRoot(options?: MailerTestingModuleOptions): DynamicModule;
}
