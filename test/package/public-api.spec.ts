import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import * as main from '../../lib/index.js';
import * as engine from '../../lib/engine.js';
import * as testing from '../../lib/testing.js';
import * as templates from '../../lib/templates.js';
import * as dev from '../../lib/dev.js';
import * as otel from '../../lib/otel.js';
import type * as Main from '../../lib/index.js';
import type * as Engine from '../../lib/engine.js';
import type * as Testing from '../../lib/testing.js';
import type * as Dev from '../../lib/dev.js';
import type * as Otel from '../../lib/otel.js';

/** The run-time exports each entry point documents; a removal or a rename fails here. */
const ENGINE_VALUES = [
  'CLOSE_CHANNEL', 'CONNECT_CHANNEL', 'FailoverTransport', 'SEND_CHANNEL', 'SmtpError', 'SmtpTransport', 'composeMessage', 'createTransport',
  'resolveOptions',
];
const NEST_VALUES = [
  'DEFAULT_HEALTH_TIMEOUT_MS',
  'DEFAULT_MAILER_NAME',
  'InjectMailer',
  'MAILER_DEFAULTS',
  'MAILER_OPTIONS',
  'MAILER_TRANSPORT',
  'MAIL_FAILED_EVENT',
  'MAIL_PARKED_EVENT',
  'MAIL_SENT_EVENT',
  'MailerDevInboxModule',
  'MAILER_OUTBOX',
  'MailOutbox',
  'MailerHealthIndicator',
  'MailerRegistry',
  'MailerModule',
  'MailerService',
  'getMailerDefaultsToken',
  'getMailerOptionsToken',
  'getMailerRegistryToken',
  'getMailerOutboxToken',
  'getMailerToken',
  'getMailerTransportToken',
];
const TESTING_VALUES = ['MailerTestingModule', 'MailerTestingStore', 'getMailerTestingStoreToken'];
const TEMPLATE_VALUES = ['functionTemplates', 'handlebarsTemplates', 'localeChain'];
/** The dev mail server of `nestjs-smtp/dev` (what `npx nestjs-smtp inbox` runs), among that entry's exports. */
const DEV_SERVER_VALUES = ['DEFAULT_DEV_HTTP_PORT', 'DEFAULT_DEV_MAX_MESSAGE_BYTES', 'DEFAULT_DEV_SMTP_PORT', 'startDevMailServer', 'startSmtpReceiver'];
const OTEL_VALUES = [
  'CLOSE_CHANNEL', 'CONNECT_CHANNEL', 'SEND_CHANNEL', 'SMTP_INSTRUMENTATION_SCOPE', 'SMTP_SEND_SPAN_NAME', 'SmtpAttributes', 'SmtpMetrics',
  'instrumentSmtp',
];

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
  Engine.TypedSmtpTransport<{ welcome: { name: string } }>, Engine.SmtpSendEvent, Engine.SmtpConnectEvent, Engine.SmtpServerTarget,
  Engine.SmtpFailureFields, Otel.SmtpInstrumentation, Otel.SmtpInstrumentationOptions, Otel.SmtpSendEvent, Otel.SmtpConnectEvent,
  Engine.FailoverOptions, Engine.FailoverEvent, Engine.ResolvedFailoverOptions, Engine.TransportRef,
  Main.MailerOptions, Main.MailerRegistration, Main.MailerModuleOptions, Main.MailerModuleAsyncOptions, Main.MailerOptionsFactory,
  Main.MailerHealthCheckOptions, Main.MailerHealthResult, Main.SmtpOptions, Main.MailerDevInboxModuleOptions,
  Main.MailerHooks, Main.MailSentEvent, Main.MailFailedEvent, Main.MailerRegistryOptions, Main.FailoverOptions,
  Main.DirectMailSentEvent, Main.DirectMailFailedEvent, Main.QueuedMailRef, Main.QueuedMailSentEvent, Main.QueuedMailFailedEvent,
  Main.MailParkedEvent,
  Dev.InboxHandler, Dev.InboxHandlerOptions, Dev.InboxPreviewOptions, Dev.PreviewExamples, Dev.PreviewEntry, Dev.RenderedPreview,
  Dev.InboxSummary, Dev.InboxMessageView, Dev.InboxAttachmentView,
  Engine.SendOptions,
  Main.MailerQueueHealthCheckOptions, Main.MailerQueueCounts, Main.MailerQueueHealthResult, Main.MailOutboxSetup, Main.EnqueueOptions,
  Main.EnqueueResult, Main.OutboxJobState, Main.OutboxJobStatus, Main.OutboxCounts, Main.OutboxOptions, Main.OutboxConnection,
  Main.OutboxRedisOptions, Main.OutboxBackoff, Main.OutboxLimiter, Main.ResolvedOutboxOptions, Main.OutboxEvents, Main.OutboxJobRef,
  Main.OutboxCompletedEvent, Main.OutboxFailureEvent, Main.OutboxParkedEvent,
  Main.DeliveryRecord, Main.DeliveryStage, Main.AcceptedInfo, Main.StoredSmtpError,
  Testing.MailerTestingModuleOptions, Testing.SentMail, Testing.ReadAttachment, Testing.QueuedMail,
];

/** The dev mail server's documented types; like {@link DocumentedTypes}, only the type check reads it. */
export type DocumentedDevServerTypes = [Dev.DevMailServer, Dev.DevMailServerOptions, Dev.SmtpReceiver, Dev.SmtpReceiverOptions];

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

  it('nestjs-smtp/dev exports the inbox handler and nothing of Nest', () => {
    expect(valuesOf(dev)).toEqual(expect.arrayContaining(['createInboxHandler', 'DEFAULT_INBOX_PATH', 'DEFAULT_PREVIEW_LOCALE', 'MailerDevStore', 'createMailTransport']));
    expect(valuesOf(dev)).not.toContain('MailerDevInboxModule');
  });

  it('nestjs-smtp/dev exports the dev mail server', () => {
    expect(valuesOf(dev)).toEqual(expect.arrayContaining(DEV_SERVER_VALUES));
    expect([dev.DEFAULT_DEV_SMTP_PORT, dev.DEFAULT_DEV_HTTP_PORT]).toEqual([1025, 8025]);
  });

  it('nestjs-smtp/otel exports instrumentSmtp, its names and the channel names (the same strings as the engine)', () => {
    expect(valuesOf(otel)).toEqual([...OTEL_VALUES].sort());
    for (const name of ['SEND_CHANNEL', 'CONNECT_CHANNEL', 'CLOSE_CHANNEL'] as const) expect(otel[name]).toBe(engine[name]);
    expect([engine.SEND_CHANNEL, engine.CONNECT_CHANNEL, engine.CLOSE_CHANNEL]).toEqual(['nestjs-smtp:send', 'nestjs-smtp:connect', 'nestjs-smtp:close']);
  });

  it('each documented value is defined', () => {
    for (const entry of [main, testing, templates, dev, otel]) {
      for (const [name, value] of Object.entries(entry)) expect([name, value]).toEqual([name, expect.anything()]);
    }
  });

  it('every entry point loads from CommonJS too: types first, then a default condition', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };
    const entries = Object.entries(pkg.exports).filter(([, target]) => typeof target === 'object');
    expect(entries.map(([name]) => name)).toEqual(expect.arrayContaining(['.', './engine', './testing', './templates', './dev', './otel']));
    for (const [name, target] of entries) {
      const conditions = Object.keys(target as object);
      expect([name, conditions[0], conditions.includes('default')]).toEqual([name, 'types', true]);
    }
  });
});
