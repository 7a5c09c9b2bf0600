/** The providers of one mailer, all derived from its name: options, transport, defaults, service, lifecycle. */
import { Logger } from '@nestjs/common';
import type { FactoryProvider, Provider } from '@nestjs/common';
import type { MailDefaults } from '../mime/message.interface.js';
import { SmtpError } from '../core/errors.js';
import type { MailTransport } from '../transport/mail-transport.js';
import { createMailTransport } from '../dev/create-mail-transport.js';
import { parseTransportUrl, type MailTransportOptions } from '../dev/transport-url.js';
import {
  DEFAULT_MAILER_NAME,
  getMailerDefaultsToken,
  getMailerLifecycleToken,
  getMailerModuleOptionsToken,
  getMailerOptionsToken,
  getMailerOutboxToken,
  getMailerToken,
  getMailerTransportToken,
  isDefaultMailer,
} from './mailer.constants.js';
import { MailerLifecycle } from './mailer.lifecycle.js';
import { MailerService } from './mailer.service.js';
import { MailOutbox } from '../queue/mail-outbox.js';
import type { MailerModuleAsyncOptions, MailerOptions } from './interfaces/mailer-options.interface.js';

/**
 * A copy of `err` whose message names the mailer, keeping its code (ECONFIG and friends), so that an app with
 * several mailers says which one is misconfigured.
 */
export function describeMailerError(mailerName: string, err: unknown, step?: string): SmtpError {
  const where = step ? `mailer "${mailerName}": ${step}: ` : `mailer "${mailerName}": `;
  if (err instanceof SmtpError) return err.with({ message: where + err.message, cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new SmtpError('ECONFIG', where + message, { cause: err });
}

function refuse(mailerName: string, message: string): never {
  throw new SmtpError('ECONFIG', `mailer "${mailerName}": ${message}`);
}

/**
 * Checks the shape the Nest layer owns (the engine checks each transport option itself).
 * @throws SmtpError ECONFIG naming the mailer and the option.
 */
export function checkMailerOptions(mailerName: string, options: unknown): MailerOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    refuse(mailerName, `expected mailer options { transport, defaults? }, got ${describeValue(options)}`);
  }
  const { transport, defaults, verifyOnBootstrap, queue } = options as Partial<MailerOptions>;
  if (transport === undefined) refuse(mailerName, 'option transport is missing (SmtpOptions or a connection URL)');
  if (typeof transport !== 'string' && (typeof transport !== 'object' || transport === null || Array.isArray(transport))) {
    refuse(mailerName, `invalid option transport: expected SmtpOptions or a connection URL, got ${describeValue(transport)}`);
  }
  if (defaults !== undefined && (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults))) {
    refuse(mailerName, `invalid option defaults: expected message fields, got ${describeValue(defaults)}`);
  }
  if (verifyOnBootstrap !== undefined && typeof verifyOnBootstrap !== 'boolean') {
    refuse(mailerName, 'invalid option verifyOnBootstrap: expected true or false');
  }
  if (queue !== undefined && (typeof queue !== 'object' || queue === null || Array.isArray(queue))) {
    refuse(mailerName, `invalid option queue: expected { connection, ... }, got ${describeValue(queue)}`);
  }
  return options as MailerOptions;
}

/** Names a value's type without echoing it (it may hold a password). */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * The transport's options with a Nest `Logger` (context `Mailer` or `Mailer:<name>`) unless the user set
 * `logger`, even to `false`. A URL is parsed here so that the logger can be added to it.
 */
function withNestLogger(options: MailTransportOptions, mailerName: string): MailTransportOptions {
  if (options.logger !== undefined) return options;
  const context = isDefaultMailer(mailerName) ? 'Mailer' : `Mailer:${mailerName}`;
  return { ...options, logger: new Logger(context) };
}

/** The transport of a mailer: SMTP, or a dev transport for `memory://`, `file://` and `log://`. */
function createMailerTransport(options: MailerOptions, mailerName: string): MailTransport {
  // createMailTransport validates what the URL gave.
  const transport = typeof options.transport === 'string' ? parseTransportUrl(options.transport) : options.transport;
  const withTemplates = options.templates ? { ...transport, templates: options.templates } : transport;
  return createMailTransport(withNestLogger(withTemplates, mailerName), options.defaults);
}

/** The provider of the options given to `forRoot`. */
export function createOptionsValueProvider(mailerName: string, options: MailerOptions): Provider {
  return { provide: getMailerModuleOptionsToken(mailerName), useValue: options };
}

/** The provider (plus the factory class, for `useClass`) of the options `forRootAsync` produces. */
export function createAsyncOptionsProviders(mailerName: string, options: MailerModuleAsyncOptions): Provider[] {
  const token = getMailerModuleOptionsToken(mailerName);
  if (options.useFactory) {
    const factory = options.useFactory;
    return [{ provide: token, inject: options.inject ?? [], useFactory: (...args: unknown[]) => callFactory(mailerName, 'useFactory', () => factory(...args)) }];
  }
  const factoryClass = options.useClass ?? options.useExisting;
  if (!factoryClass) refuse(mailerName, 'forRootAsync needs one of useFactory, useClass or useExisting');
  const step = options.useClass ? 'useClass' : 'useExisting';
  const optionsProvider: FactoryProvider = {
    provide: token,
    inject: [factoryClass],
    useFactory: (factory: { createMailerOptions(): unknown }) => callFactory(mailerName, `${step} ${factoryClass.name}.createMailerOptions()`, () => factory.createMailerOptions()),
  };
  return options.useClass ? [optionsProvider, { provide: options.useClass, useClass: options.useClass }] : [optionsProvider];
}

async function callFactory(mailerName: string, step: string, run: () => unknown): Promise<unknown> {
  try {
    return await run();
  } catch (err) {
    throw describeMailerError(mailerName, err, `${step} failed`);
  }
}

/**
 * The provider of a mailer's transport (SMTP, or a dev transport for a dev URL), built from the options provider
 * (`getMailerModuleOptionsToken(name)`) that `forRoot` and `forRootAsync` each supply in their own way.
 */
export function createTransportProvider(mailerName: string): Provider {
  return {
    provide: getMailerTransportToken(mailerName),
    inject: [getMailerModuleOptionsToken(mailerName)],
    useFactory: (options: unknown): MailTransport => {
      const checked = checkMailerOptions(mailerName, options);
      try {
        return createMailerTransport(checked, mailerName);
      } catch (err) {
        throw describeMailerError(mailerName, err);
      }
    },
  };
}

/**
 * The providers every mailer has on top of its transport and options, keyed by tokens derived from its name:
 * resolved options, defaults, `MailerService` and the lifecycle hooks. The testing module reuses them over
 * its in-memory transport.
 */
export function createMailerProviders(mailerName: string = DEFAULT_MAILER_NAME, verifyOnBootstrap = false): Provider[] {
  const optionsToken = getMailerModuleOptionsToken(mailerName);
  const transportToken = getMailerTransportToken(mailerName);
  const outboxToken = getMailerOutboxToken(mailerName);
  return [
    createOutboxProvider(mailerName),
    { provide: getMailerOptionsToken(mailerName), inject: [transportToken], useFactory: (transport: MailTransport) => transport.options },
    {
      provide: getMailerDefaultsToken(mailerName),
      // The transport is injected only to run after it: its factory is the one that checks the options.
      inject: [optionsToken, transportToken],
      useFactory: (options: MailerOptions): MailDefaults => options.defaults ?? {},
    },
    {
      provide: getMailerToken(mailerName),
      inject: [transportToken, outboxToken],
      useFactory: (transport: MailTransport, outbox: MailOutbox | null) => new MailerService(transport, mailerName, outbox),
    },
    {
      provide: getMailerLifecycleToken(mailerName),
      inject: [transportToken, optionsToken, outboxToken],
      useFactory: (transport: MailTransport, options: MailerOptions, outbox: MailOutbox | null) =>
        new MailerLifecycle(transport, mailerName, options.verifyOnBootstrap ?? verifyOnBootstrap, outbox),
    },
  ];
}

/**
 * The provider of a mailer's outbox: `null` without the `queue` option; with it, BullMQ is loaded (only then)
 * and, unless `worker: false`, a worker starts sending through the mailer's transport.
 */
function createOutboxProvider(mailerName: string): Provider {
  return {
    provide: getMailerOutboxToken(mailerName),
    inject: [getMailerModuleOptionsToken(mailerName), getMailerTransportToken(mailerName)],
    useFactory: async (options: MailerOptions, transport: MailTransport): Promise<MailOutbox | null> => {
      if (!options.queue) return null;
      try {
        return await MailOutbox.create({ ...options.queue, transport, defaults: options.defaults });
      } catch (err) {
        throw describeMailerError(mailerName, err, 'queue');
      }
    },
  };
}

/** The tokens a mailer module exports. */
export function getMailerExports(mailerName: string): Array<string | typeof MailerService> {
  return [
    getMailerToken(mailerName),
    getMailerOptionsToken(mailerName),
    getMailerDefaultsToken(mailerName),
    getMailerTransportToken(mailerName),
    getMailerOutboxToken(mailerName),
  ];
}
