/**
 * Turns the engine's diagnostics payloads into OpenTelemetry attributes: counts and codes, never addresses.
 * Attribute objects are written with literal keys (the names of SmtpAttributes): computed keys and spreads make
 * V8 build slow dictionary objects, and these are built on every send.
 */
import type { Attributes } from '@opentelemetry/api';
import type { SmtpConnectEvent, SmtpSendEvent } from '../transport/diagnostics/channels.js';

/** `sent`, `failed`, or `uncertain` when the server may have the message although the send failed. */
export function outcomeOf(payload: SmtpSendEvent): 'sent' | 'failed' | 'uncertain' {
  if (payload.outcome !== 'failed') return 'sent';
  return payload.delivery === 'uncertain' ? 'uncertain' : 'failed';
}

/** What a send span knows when it starts. */
export function sendStartAttributes(payload: SmtpSendEvent): Attributes {
  return {
    'server.address': payload.host,
    'server.port': payload.port,
    'network.transport': 'tcp',
    'network.protocol.name': 'smtp',
    'smtp.pooled': payload.pooled,
  };
}

/** What a send span learns by its end: the message's counts and the outcome. Unknown fields are left out. */
export function sendEndAttributes(payload: SmtpSendEvent): Attributes {
  const attributes: Attributes = { 'smtp.outcome': outcomeOf(payload) };
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

/**
 * The attributes of metric points for a send, made once per distinct set (server, outcome, error type, reply
 * code: a few dozen in practice) and reused, since the metrics SDK keys its series on them at every record.
 */
export class SendMetricAttributes {
  private readonly cache = new Map<string, { duration: Attributes; sends: Attributes }>();

  /** The histogram's attributes (no reply code) and the counter's (with it). */
  of(payload: SmtpSendEvent): { duration: Attributes; sends: Attributes } {
    const outcome = outcomeOf(payload);
    const errorType = payload.outcome === 'failed' ? failureType(payload) : undefined;
    const key = `${payload.host}\n${payload.port}\n${outcome}\n${errorType}\n${payload.responseCode}`;
    let cached = this.cache.get(key);
    if (!cached) {
      const duration: Attributes = { 'server.address': payload.host, 'server.port': payload.port, 'smtp.outcome': outcome };
      if (errorType !== undefined) duration['error.type'] = errorType;
      const sends: Attributes = { ...duration };
      if (payload.responseCode !== undefined) sends['smtp.response.status_code'] = payload.responseCode;
      cached = { duration, sends };
      // A bound, should a server answer with ever new codes: a cache miss costs only the objects.
      if (this.cache.size >= 1000) this.cache.clear();
      this.cache.set(key, cached);
    }
    return cached;
  }
}

/** The attributes of an open-connections point. */
export function connectionAttributes(payload: SmtpConnectEvent): Attributes {
  return { 'server.address': payload.host, 'server.port': payload.port };
}

/** The SmtpError code of a failure; `_OTHER` (the semantic conventions' fallback) for anything else thrown. */
function failureType(payload: SmtpSendEvent): string {
  return payload.code ?? '_OTHER';
}
