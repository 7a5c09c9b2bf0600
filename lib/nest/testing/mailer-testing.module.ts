/** MailerTestingModule: registers a mailer's usual tokens over an in-memory transport, for unit tests. */
import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { MailDefaults } from '../../mime/message.interface.js';
import type { TemplateRenderer } from '../../transport/template-renderer.js';
import { checkMailerName, getMailerEnqueueStandInToken, getMailerModuleOptionsToken, getMailerTransportToken, isDefaultMailer } from '../mailer.constants.js';
import { MailerHealthIndicator } from '../mailer.health.js';
import { createMailerProviders, getMailerExports } from '../mailer.providers.js';
import type { MailerOptions } from '../interfaces/mailer-options.interface.js';
import { InMemoryOutbox } from './in-memory-outbox.js';
import { InMemoryTransport } from './in-memory-transport.js';
import { MailerTestingStore } from './mailer-testing.store.js';

/** The argument of `MailerTestingModule.forRoot`. */
export interface MailerTestingModuleOptions {
  /** Stands in for the mailer of that name. @defaultValue 'default' */
  name?: string;
  /** Message defaults, as `MailerModule.forRoot({ defaults })` would apply them. */
  defaults?: MailDefaults;
  /** The application's templates: messages are rendered with them exactly as in production. */
  templates?: TemplateRenderer<object>;
  /** Make the providers visible in every module, like a global `MailerModule`. @defaultValue false */
  isGlobal?: boolean;
}

/** The token of a testing mailer's store: the `MailerTestingStore` class for the default mailer. */
export function getMailerTestingStoreToken(name?: string): typeof MailerTestingStore | string {
  return isDefaultMailer(name) ? MailerTestingStore : `MailerTestingStore:${name}`;
}

/**
 * Imported in a test in place of `MailerModule`: the same `MailerService`, `MAILER_OPTIONS`, `MAILER_DEFAULTS`,
 * `MAILER_TRANSPORT` and `MailerHealthIndicator`, over a transport that composes every message fully and
 * keeps it in a `MailerTestingStore` instead of sending it. `enqueue` needs no Redis: it checks and composes the
 * message as the outbox does, records it in the same store at once (with `queued` set) and resolves
 * `{ jobId, messageId }`; `MAILER_OUTBOX` stays `null`.
 *
 * @example
 * const moduleRef = await Test.createTestingModule({
 *   imports: [MailerTestingModule.forRoot({ defaults: { from: 'app@example.com' } })],
 *   providers: [WelcomeService],
 * }).compile();
 * await moduleRef.get(WelcomeService).welcome('ann@example.com');
 * expect(moduleRef.get(MailerTestingStore).sent[0].to).toEqual(['ann@example.com']);
 */
@Module({})
export class MailerTestingModule {
  /** Registers a testing mailer (the default one, or `options.name`) with its store. */
  static forRoot(options: MailerTestingModuleOptions = {}): DynamicModule {
    const name = checkMailerName(options.name);
    const storeToken = getMailerTestingStoreToken(name);
    const moduleOptions: MailerOptions = { transport: {}, ...(options.defaults && { defaults: options.defaults }) };
    return {
      module: MailerTestingModule,
      global: options.isGlobal ?? false,
      providers: [
        { provide: storeToken, useFactory: () => new MailerTestingStore() },
        { provide: getMailerModuleOptionsToken(name), useValue: moduleOptions },
        {
          provide: getMailerTransportToken(name),
          inject: [storeToken],
          useFactory: (store: MailerTestingStore) => new InMemoryTransport(store, options.defaults, options.templates),
        },
        {
          provide: getMailerEnqueueStandInToken(name),
          inject: [getMailerTransportToken(name), storeToken],
          useFactory: (transport: InMemoryTransport, store: MailerTestingStore) => new InMemoryOutbox(transport, store, options.defaults),
        },
        ...createMailerProviders(name),
        MailerHealthIndicator,
      ],
      exports: [...getMailerExports(name), storeToken, MailerHealthIndicator],
    };
  }
}
