/** The engine-only entry (`nestjs-smtp/engine`): the SMTP client and MIME composer, Node built-ins only. */
export { createTransport, SmtpTransport } from './smtp/transport.js';
export type { SentMessageInfo, SendMailCallback, SmtpTransportEvents } from './smtp/transport.js';
export { SmtpError } from './smtp/errors.js';
export type { SmtpErrorCode, SmtpPhase, DeliveryStatus, SmtpErrorDetails } from './smtp/errors.js';
export { resolveOptions } from './smtp/options.js';
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
} from './smtp/options.js';
export type { SmtpLogger } from './smtp/logger.js';
export type { AuthContext, AuthReply, CustomAuthHandler } from './smtp/auth/mechanism.js';
export type { TokenEvent } from './smtp/auth/oauth2-token.js';
export { composeMessage } from './mime/compose.js';
export type {
  MailMessage,
  MailDefaults,
  AddressObject,
  AddressInput,
  Attachment,
  AlternativeContent,
  IcalEvent,
  HeadersInput,
  HeaderValue,
  PreparedHeaderValue,
  ListHeaders,
  DsnOptions,
  EnvelopeInput,
  Envelope,
  ContentInput,
} from './mime/message.interface.js';
