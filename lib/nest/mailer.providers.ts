/** The providers of one mailer, all derived from its name: options, transport, defaults, service, lifecycle. */
import { Logger } from '@nestjs/common';
import type { FactoryProvider, Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { MailDefaults } from '../mime/message.interface.js';
import { SmtpError, toSmtpError } from '../core/errors.js';
import type { MailTransport } from '../transport/mail-transport.js';
import { createMailTransport } from '../dev/create-mail-transport.js';
import { parseTransportUrl, type MailTransportOptions } from '../dev/transport-url.js';
import {
  DEFAULT_MAILER_NAME,
  getMailerDefaultsToken,
  getMailerEnqueueStandInToken,
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
import { FailoverTransport } from '../transport/failover-transport.js';
import { getMailerHooksToken, MAILER_HOOK_NAMES, MailerSendHooks } from './hooks/mailer-send-hooks.js';
import { HookedMailerService, type EnqueueStandIn } from './hooks/hooked-mailer.service.js';
import { reportQueuedOutcomes } from './hooks/queued-outcomes.js';
import { getMailerRegistryToken, MailerRegistry, type TenantMailerFactory } from './registry/mailer-registry.js';

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
  const entries: unknown[] = Array.isArray(transport) ? transport : [transport];
  if (Array.isArray(transport) && transport.length === 0) refuse(mailerName, 'invalid option transport: an empty list (give a primary, then backups)');
  for (const entry of entries) {
    if (typeof entry !== 'string' && (typeof entry !== 'object' || entry === null || Array.isArray(entry))) {
      refuse(mailerName, `invalid option transport: expected SmtpOptions or a connection URL (or a list of them), got ${describeValue(entry)}`);
    }
  }
  checkSendOptions(mailerName, options as Partial<MailerOptions>);
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

/** The options of hooks, events, failover and the tenant registry: their shape here, their values where they are used. */
function checkSendOptions(mailerName: string, options: Partial<MailerOptions>): void {
  const { hooks, events, failover, registry, transport } = options;
  if (hooks !== undefined) {
    if (typeof hooks !== 'object' || hooks === null) refuse(mailerName, `invalid option hooks: expected { ${MAILER_HOOK_NAMES.join('?, ')}? }`);
    for (const [name, hook] of Object.entries(hooks)) {
      if (!(MAILER_HOOK_NAMES as readonly string[]).includes(name)) refuse(mailerName, `invalid option hooks.${name}: known hooks are ${MAILER_HOOK_NAMES.join(', ')}`);
      if (hook !== undefined && typeof hook !== 'function') refuse(mailerName, `invalid option hooks.${name}: expected a function`);
    }
  }
  if (events !== undefined && typeof events !== 'boolean') refuse(mailerName, 'invalid option events: expected true or false');
  if (failover !== undefined && !Array.isArray(transport)) refuse(mailerName, 'option failover needs a list of transports: transport: [primary, backup]');
  if (registry !== undefined && (typeof registry !== 'object' || registry === null)) refuse(mailerName, 'invalid option registry: expected { max?, idleTtlMs? }');
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

/**
 * The transport of a mailer: SMTP, or a dev transport for `memory://`, `file://` and `log://`; a failover transport
 * over each of them for a list.
 */
function createMailerTransport(options: MailerOptions, mailerName: string): MailTransport {
  if (!Array.isArray(options.transport)) return createOneTransport(options.transport, options, mailerName);
  const members = options.transport.map((entry: MailTransportOptions | string, index) => {
    try {
      const parsed = typeof entry === 'string' ? parseTransportUrl(entry) : entry;
      const transport = createOneTransport(parsed, options, mailerName);
      // Dev transports are named by kind; SMTP ones by host:port.
      return { transport, name: 'type' in parsed && parsed.type ? parsed.type : `${transport.options.host}:${transport.options.port}` };
    } catch (err) {
      // buildMailerTransport adds the mailer's name.
      throw toSmtpError(err, 'ECONFIG').with({ message: `transport ${index}: ${err instanceof Error ? err.message : String(err)}`, cause: err });
    }
  });
  return new FailoverTransport(
    members.map((member) => member.transport),
    options.failover,
    members.map((member) => member.name),
  );
}

function createOneTransport(entry: MailTransportOptions | string, options: MailerOptions, mailerName: string): MailTransport {
  // createMailTransport validates what the URL gave.
  const transport = typeof entry === 'string' ? parseTransportUrl(entry) : entry;
  const withTemplates = options.templates ? { ...transport, templates: options.templates } : transport;
  return createMailTransport(withNestLogger(withTemplates, mailerName), options.defaults);
}

/**
 * @internal A mailer's transport from its options, as its transport provider builds it: options checked, errors
 * naming the mailer. The tenant registry builds its mailers' transports with it too.
 * @throws SmtpError ECONFIG naming the mailer.
 */
export function buildMailerTransport(mailerName: string, options: unknown): MailTransport {
  const checked = checkMailerOptions(mailerName, options);
  try {
    return createMailerTransport(checked, mailerName);
  } catch (err) {
    throw describeMailerError(mailerName, err);
  }
}

/**
 * Builds a registry tenant's mailer as a registered one is built: the same checks and transport, templates compiled
 * and `verifyOnBootstrap` run before it is handed out, and the registration's hooks unless the tenant has its own.
 */
function createTenantFactory(mailerName: string, hooks: MailerSendHooks): TenantMailerFactory {
  return async (key, options) => {
    const tenantName = `${mailerName}/${key}`;
    const transport = buildMailerTransport(tenantName, options);
    await new MailerLifecycle(transport, tenantName, options.verifyOnBootstrap ?? false).onModuleInit();
    return new HookedMailerService(transport, tenantName, hooks.forMailer(tenantName, options.hooks));
  };
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
    useFactory: (options: unknown): MailTransport => buildMailerTransport(mailerName, options),
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
      provide: getMailerHooksToken(mailerName),
      // After the transport, whose factory checks the options.
      inject: [optionsToken, ModuleRef, outboxToken, transportToken],
      useFactory: (options: MailerOptions, moduleRef: ModuleRef, outbox: MailOutbox | null) => {
        const hooks = new MailerSendHooks(mailerName, options.hooks, options.events, moduleRef);
        if (outbox) reportQueuedOutcomes(outbox, hooks);
        return hooks;
      },
    },
    {
      provide: getMailerToken(mailerName),
      inject: [transportToken, getMailerHooksToken(mailerName), outboxToken, { token: getMailerEnqueueStandInToken(mailerName), optional: true }],
      useFactory: (transport: MailTransport, hooks: MailerSendHooks, outbox: MailOutbox | null, standIn?: EnqueueStandIn) =>
        new HookedMailerService(transport, mailerName, hooks, outbox, standIn ?? null),
    },
    {
      provide: getMailerRegistryToken(mailerName),
      inject: [optionsToken, getMailerHooksToken(mailerName)],
      useFactory: (options: MailerOptions, hooks: MailerSendHooks) => new MailerRegistry(mailerName, options.registry, createTenantFactory(mailerName, hooks)),
    },
    {
      provide: getMailerLifecycleToken(mailerName),
      inject: [transportToken, optionsToken, outboxToken, getMailerHooksToken(mailerName)],
      useFactory: (transport: MailTransport, options: MailerOptions, outbox: MailOutbox | null, hooks: MailerSendHooks) =>
        new MailerLifecycle(transport, mailerName, options.verifyOnBootstrap ?? verifyOnBootstrap, outbox, hooks),
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
export function getMailerExports(mailerName: string): Array<string | typeof MailerService | typeof MailerRegistry> {
  return [
    getMailerToken(mailerName),
    getMailerRegistryToken(mailerName),
    getMailerOptionsToken(mailerName),
    getMailerDefaultsToken(mailerName),
    getMailerTransportToken(mailerName),
    getMailerOutboxToken(mailerName),
  ];
}
