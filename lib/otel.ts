/**
 * The `nestjs-smtp/otel` entry: OpenTelemetry spans and metrics for every send, from the engine's diagnostics
 * channels. Needs the optional peer `@opentelemetry/api`, loaded when `instrumentSmtp` is called.
 */
export { instrumentSmtp } from './otel/instrument.js';
export type { SmtpInstrumentation, SmtpInstrumentationOptions } from './otel/instrument.js';
export { SMTP_SEND_SPAN_NAME, SMTP_INSTRUMENTATION_SCOPE, SmtpAttributes, SmtpMetrics } from './otel/semantic-names.js';
export { SEND_CHANNEL, CONNECT_CHANNEL, CLOSE_CHANNEL } from './transport/diagnostics/channels.js';
export type { SmtpSendEvent, SmtpConnectEvent, SmtpServerTarget, SmtpFailureFields } from './transport/diagnostics/channels.js';
