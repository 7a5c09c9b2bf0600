import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import * as main from '../../lib/index.js';
import * as engine from '../../lib/engine.js';
import * as testing from '../../lib/testing.js';
import * as templates from '../../lib/templates.js';
import type * as Main from '../../lib/index.js';
import type * as Engine from '../../lib/engine.js';
import type * as Testing from '../../lib/testing.js';

/** The run-time exports each entry point documents; a removal or a rename fails here. */
const ENGINE_VALUES = ['SmtpError', 'SmtpTransport', 'composeMessage', 'createTransport', 'resolveOptions'];
const NEST_VALUES = [
  'DEFAULT_HEALTH_TIMEOUT_MS',
  'DEFAULT_MAILER_NAME',
  'InjectMailer',
  'MAILER_DEFAULTS',
  'MAILER_OPTIONS',
  'MAILER_TRANSPORT',
  'MAILER_OUTBOX',
  'MailOutbox',
  'MailerHealthIndicator',
  'MailerModule',
  'MailerService',
  'getMailerDefaultsToken',
  'getMailerOptionsToken',
  'getMailerOutboxToken',
  'getMailerToken',
  'getMailerTransportToken',
];
const TESTING_VALUES = ['MailerTestingModule', 'MailerTestingStore', 'getMailerTestingStoreToken'];
const TEMPLATE_VALUES = ['functionTemplates', 'handlebarsTemplates', 'localeChain'];

/**
 * The documented types: naming each one here makes the type-check step fail when one disappears. The tuple is
 * never used at run time.
 */
export type DocumentedTypes = [
  Engine.MailTransport, Engine.SentMessageInfo, Engine.NodeCallback<true>, Engine.SendMailCallback, Engine.VerifyCallback,
  Engine.CloseCallback, Engine.SmtpTransportEvents, Engine.SmtpErrorCode, Engine.SmtpPhase, Engine.DeliveryStatus,
  Engine.SmtpErrorDetails, Engine.SmtpOptions, Engine.ResolvedSmtpOptions, Engine.SmtpAuth, Engine.LoginAuth, Engine.OAuth2Auth,
  Engine.CustomAuth, Engine.AccessTokenResult, Engine.LookupFunction, Engine.DkimOptions, Engine.SmtpLogger, Engine.AuthContext,
  Engine.AuthReply, Engine.CustomAuthHandler, Engine.TokenEvent, Engine.MailMessage, Engine.MailDefaults, Engine.AddressObject,
  Engine.AddressInput, Engine.Attachment, Engine.AlternativeContent, Engine.IcalEvent, Engine.HeadersInput, Engine.HeaderValue,
  Engine.PreparedHeaderValue, Engine.ListHeaders, Engine.EnvelopeInput, Engine.ContentInput, Engine.DsnOptions, Engine.Envelope,
  Engine.TemplateRenderer, Engine.RenderedTemplate, Engine.TemplateRequest, Engine.SendableMessage,
  Engine.TypedMessage<{ welcome: { name: string } }>, Engine.MessageFor<undefined>, Engine.TemplateContexts<Engine.TemplateRenderer>,
  Engine.TypedSmtpTransport<{ welcome: { name: string } }>, Engine.SendOptions,
  Main.MailerOptions, Main.MailerRegistration, Main.MailerModuleOptions, Main.MailerModuleAsyncOptions, Main.MailerOptionsFactory,
  Main.MailerHealthCheckOptions, Main.MailerHealthResult, Main.SmtpOptions,
  Main.MailerQueueHealthCheckOptions, Main.MailerQueueCounts, Main.MailerQueueHealthResult, Main.MailOutboxSetup, Main.EnqueueOptions,
  Main.EnqueueResult, Main.OutboxJobState, Main.OutboxJobStatus, Main.OutboxCounts, Main.OutboxOptions, Main.OutboxConnection,
  Main.OutboxRedisOptions, Main.OutboxBackoff, Main.OutboxLimiter, Main.ResolvedOutboxOptions, Main.OutboxEvents, Main.OutboxJobRef,
  Main.OutboxCompletedEvent, Main.OutboxFailureEvent, Main.OutboxParkedEvent,
  Main.DeliveryRecord, Main.DeliveryStage, Main.AcceptedInfo, Main.StoredSmtpError,
  Testing.MailerTestingModuleOptions, Testing.SentMail, Testing.ReadAttachment,
];

const valuesOf = (entry: object): string[] => Object.keys(entry).sort();

describe('public API', () => {
  it('nestjs-smtp/engine exports the engine and nothing of Nest', () => {
    expect(valuesOf(engine)).toEqual([...ENGINE_VALUES].sort());
  });

  it('nestjs-smtp exports the engine and the Nest layer', () => {
    expect(valuesOf(main)).toEqual([...ENGINE_VALUES, ...NEST_VALUES].sort());
    // The same objects, not copies: instanceof and DI tokens agree whichever entry a user imports.
    for (const name of ENGINE_VALUES) expect(main[name as keyof typeof main]).toBe(engine[name as keyof typeof engine]);
  });

  it('nestjs-smtp/testing exports the testing module and its store', () => {
    expect(valuesOf(testing)).toEqual([...TESTING_VALUES].sort());
  });

  it('nestjs-smtp/templates exports the template adapters', () => {
    expect(valuesOf(templates)).toEqual(expect.arrayContaining(TEMPLATE_VALUES));
  });

  it('each documented value is defined', () => {
    for (const entry of [main, testing, templates]) {
      for (const [name, value] of Object.entries(entry)) expect([name, value]).toEqual([name, expect.anything()]);
    }
  });

  it('every entry point loads from CommonJS too: types first, then a default condition', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };
    const entries = Object.entries(pkg.exports).filter(([, target]) => typeof target === 'object');
    expect(entries.map(([name]) => name)).toEqual(expect.arrayContaining(['.', './engine', './testing', './templates', './dev']));
    for (const [name, target] of entries) {
      const conditions = Object.keys(target as object);
      expect([name, conditions[0], conditions.includes('default')]).toEqual([name, 'types', true]);
    }
  });
});
