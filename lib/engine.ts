/** The engine-only entry (`nestjs-smtp/engine`): the SMTP client and MIME composer, Node built-ins only. */
export { createTransport, SmtpTransport } from './transport/transport.js';
export type { TypedSmtpTransport } from './transport/transport.js';
export type { MailTransport, SentMessageInfo, NodeCallback, SendMailCallback, SendOptions, VerifyCallback, CloseCallback, SmtpTransportEvents } from './transport/mail-transport.js';
export type {
  TemplateRenderer,
  RenderedTemplate,
  TemplateRequest,
  SendableMessage,
  TypedMessage,
  MessageFor,
  TypedTemplateRequest,
  NamedTemplateRequest,
  TemplateRequestFor,
  NoTemplate,
  TemplateContexts,
  TemplateUse,
} from './transport/template-renderer.js';
export { SmtpError } from './core/errors.js';
export type { SmtpErrorCode, SmtpPhase, DeliveryStatus, SmtpErrorDetails } from './core/errors.js';
export { resolveOptions } from './transport/options.js';
export type {
  SmtpOptions,
  ResolvedSmtpOptions,
  SmtpAuth,
  LoginAuth,
  OAuth2Auth,
  CustomAuth,
  AccessTokenResult,
  LookupFunction,
  DkimOptions,
} from './transport/options.js';
export type { SmtpLogger } from './smtp/logger.js';
export type { AuthContext, AuthReply, CustomAuthHandler } from './smtp/session-options.js';
export type { TokenEvent } from './smtp/auth/oauth2-token.js';
export { composeMessage } from './mime/compose.js';
export type { ComposeOptions, ComposeEnvironment } from './mime/compose.js';
export type { AccessPolicy } from './mime/content-sources.js';
export type { MailMessage, MailDefaults, AddressObject, AddressInput, Attachment, AlternativeContent, IcalEvent, HeadersInput, HeaderValue, PreparedHeaderValue, ListHeaders, ListHeaderValue, EnvelopeInput, ContentInput } from './mime/message.interface.js';
export type { DsnOptions, Envelope } from './core/envelope.js';
