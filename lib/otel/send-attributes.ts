/**
 * Turns the engine's diagnostics payloads into OpenTelemetry span attributes: counts and codes, never addresses.
 * Attribute objects are written with literal keys (the names of SmtpAttributes): computed keys and spreads make
 * V8 build slow dictionary objects, and the end attributes are built on every send.
 */
import type { Attributes } from '@opentelemetry/api';
import type { SmtpConnectEvent, SmtpSendEvent } from '../transport/diagnostics/channels.js';

/** How a send ended, as `smtp.outcome` names it. */
export type SendOutcome = 'sent' | 'failed' | 'uncertain';

/** `sent`, `failed`, or `uncertain` when the server may have the message although the send failed. */
export function outcomeOf(payload: SmtpSendEvent): SendOutcome {
  if (payload.outcome !== 'failed') return 'sent';
  return payload.delivery === 'uncertain' ? 'uncertain' : 'failed';
}

/** The SmtpError code of a failure; `_OTHER` (the semantic conventions' fallback) for anything else thrown. */
export function failureType(payload: SmtpSendEvent): string {
  return payload.code ?? '_OTHER';
}

/** What a send span knows when it starts: the transport's server only, so one object serves every send to it. */
export function sendStartAttributes(host: string, port: number, pooled: boolean): Attributes {
  return {
    'server.address': host,
    'server.port': port,
    'network.transport': 'tcp',
    'network.protocol.name': 'smtp',
    'smtp.pooled': pooled,
  };
}

/** What a send span learns by its end: the message's counts and the outcome. Unknown fields are left out. */
export function sendEndAttributes(payload: SmtpSendEvent, outcome: SendOutcome): Attributes {
  const attributes: Attributes = { 'smtp.outcome': outcome };
  // One `if` a field rather than a loop that deletes: `delete` turns the object into a slow dictionary.
  if (payload.messageId !== undefined) attributes['smtp.message.id'] = payload.messageId;
  if (payload.recipientCount !== undefined) attributes['smtp.recipient.count'] = payload.recipientCount;
  if (payload.recipientDomains !== undefined) attributes['smtp.recipient.domains'] = payload.recipientDomains;
  if (payload.size !== undefined) attributes['smtp.message.size'] = payload.size;
  if (payload.accepted !== undefined) attributes['smtp.accepted.count'] = payload.accepted;
  if (payload.rejected !== undefined) attributes['smtp.rejected.count'] = payload.rejected;
  if (payload.responseCode !== undefined) attributes['smtp.response.status_code'] = payload.responseCode;
  if (payload.bdat !== undefined) attributes['smtp.bdat'] = payload.bdat;
  if (payload.attempts !== undefined) attributes['smtp.attempts'] = payload.attempts;
  if (payload.outcome === 'failed') {
    attributes['error.type'] = failureType(payload);
    if (payload.phase !== undefined) attributes['smtp.error.phase'] = payload.phase;
  }
  return attributes;
}

/** The attributes of an open-connections point. */
export function connectionAttributes(payload: SmtpConnectEvent): Attributes {
  return { 'server.address': payload.host, 'server.port': payload.port };
}
