/** Turns the engine's diagnostics payloads into OpenTelemetry attributes: counts and codes, never addresses. */
import type { Attributes } from '@opentelemetry/api';
import type { SmtpConnectEvent, SmtpSendEvent, SmtpServerTarget } from '../transport/diagnostics/channels.js';
import { SmtpAttributes as A } from './semantic-names.js';

/** `sent`, `failed`, or `uncertain` when the server may have the message although the send failed. */
export function outcomeOf(payload: SmtpSendEvent): 'sent' | 'failed' | 'uncertain' {
  if (payload.outcome !== 'failed') return 'sent';
  return payload.delivery === 'uncertain' ? 'uncertain' : 'failed';
}

/** The server a span or a metric point is about. */
export function serverAttributes(target: SmtpServerTarget): Attributes {
  return { [A.SERVER_ADDRESS]: target.host, [A.SERVER_PORT]: target.port };
}

/** What a send span knows when it starts. */
export function sendStartAttributes(payload: SmtpSendEvent): Attributes {
  return {
    ...serverAttributes(payload),
    [A.NETWORK_TRANSPORT]: 'tcp',
    [A.NETWORK_PROTOCOL_NAME]: 'smtp',
    [A.POOLED]: payload.pooled,
  };
}

/** What a send span learns by its end: the message's counts and the outcome. */
export function sendEndAttributes(payload: SmtpSendEvent): Attributes {
  const attributes: Attributes = { [A.OUTCOME]: outcomeOf(payload) };
  const optional: Array<[string, Attributes[string]]> = [
    [A.MESSAGE_ID, payload.messageId],
    [A.RECIPIENT_COUNT, payload.recipientCount],
    [A.RECIPIENT_DOMAINS, payload.recipientDomains],
    [A.MESSAGE_SIZE, payload.size],
    [A.ACCEPTED_COUNT, payload.accepted],
    [A.REJECTED_COUNT, payload.rejected],
    [A.RESPONSE_STATUS_CODE, payload.responseCode],
    [A.BDAT, payload.bdat],
    [A.ATTEMPTS, payload.attempts],
    [A.ERROR_TYPE, failureType(payload)],
    [A.ERROR_PHASE, payload.phase],
  ];
  for (const [name, value] of optional) if (value !== undefined) attributes[name] = value;
  return attributes;
}

/** The attributes of a sends-counter point: low cardinality (server, outcome, error type, reply code). */
export function sendMetricAttributes(payload: SmtpSendEvent, withResponseCode: boolean): Attributes {
  const attributes: Attributes = { ...serverAttributes(payload), [A.OUTCOME]: outcomeOf(payload) };
  const errorType = failureType(payload);
  if (errorType !== undefined) attributes[A.ERROR_TYPE] = errorType;
  if (withResponseCode && payload.responseCode !== undefined) attributes[A.RESPONSE_STATUS_CODE] = payload.responseCode;
  return attributes;
}

/** The attributes of an open-connections point. */
export function connectionAttributes(payload: SmtpConnectEvent): Attributes {
  return serverAttributes(payload);
}

/** The SmtpError code of a failure; `_OTHER` (the semantic conventions' fallback) for anything else thrown. */
function failureType(payload: SmtpSendEvent): string | undefined {
  if (payload.outcome !== 'failed') return undefined;
  return payload.code ?? '_OTHER';
}
