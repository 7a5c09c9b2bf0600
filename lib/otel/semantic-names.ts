/** The span, metric and attribute names the OpenTelemetry subscriber records. */

/** Name of the span recorded for each sendMail (kind CLIENT). */
export const SMTP_SEND_SPAN_NAME = 'smtp send';

/** The instrumentation scope of the tracer and the meter. */
export const SMTP_INSTRUMENTATION_SCOPE = 'nestjs-smtp';

/**
 * Attribute names. Where OpenTelemetry's semantic conventions define one, it is used (`server.address`,
 * `server.port`, `network.transport`, `network.protocol.name`, `error.type`); the `smtp.*` names are this
 * package's own. None holds an address, a credential or content.
 */
export const SmtpAttributes = {
  /** The configured SMTP server host (semantic conventions). */
  SERVER_ADDRESS: 'server.address',
  /** The server port (semantic conventions). */
  SERVER_PORT: 'server.port',
  /** Always `tcp` (semantic conventions). */
  NETWORK_TRANSPORT: 'network.transport',
  /** Always `smtp` (semantic conventions). */
  NETWORK_PROTOCOL_NAME: 'network.protocol.name',
  /** The SmtpError code of a failed send (`EAUTH`, `EENVELOPE`, ...) (semantic conventions). */
  ERROR_TYPE: 'error.type',
  /** `sent`, `failed`, or `uncertain` (failed after the final dot went out unanswered: the server may have it). */
  OUTCOME: 'smtp.outcome',
  /** The message's `Message-ID`. */
  MESSAGE_ID: 'smtp.message.id',
  /** Octets of content sent (on success). */
  MESSAGE_SIZE: 'smtp.message.size',
  /** Envelope recipients of the message. */
  RECIPIENT_COUNT: 'smtp.recipient.count',
  /** The recipients' unique domains, lower-cased (a string array). */
  RECIPIENT_DOMAINS: 'smtp.recipient.domains',
  /** Recipients the server accepted (on success). */
  ACCEPTED_COUNT: 'smtp.accepted.count',
  /** Recipients the server refused while accepting the message for the others (on success). */
  REJECTED_COUNT: 'smtp.rejected.count',
  /** The server's reply code: to the final dot on success, or the reply that caused a failure. */
  RESPONSE_STATUS_CODE: 'smtp.response.status_code',
  /** Where in the dialogue a send failed (`connect`, `greeting`, `auth`, `mail`, `rcpt`, `data`, `end`, ...). */
  ERROR_PHASE: 'smtp.error.phase',
  /** The content went out with BDAT (CHUNKING) rather than DATA. */
  BDAT: 'smtp.bdat',
  /** Transactions tried for the message (more than one after a retry on a fresh connection). */
  ATTEMPTS: 'smtp.attempts',
  /** The transport keeps connections open between messages. */
  POOLED: 'smtp.pooled',
} as const;

/** Metric names: a histogram of send durations, a counter of sends, and the connections open now. */
export const SmtpMetrics = {
  /** Histogram, seconds: from sendMail to its outcome; attributes server, outcome and error type. */
  SEND_DURATION: 'smtp.client.send.duration',
  /** Asynchronous counter, `{message}`: sendMail calls ended, by server, outcome, error type and reply code. */
  SENDS: 'smtp.client.sends',
  /** UpDownCounter, `{connection}`: connections open now, by server. */
  OPEN_CONNECTIONS: 'smtp.client.open_connections',
} as const;
