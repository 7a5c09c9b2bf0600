/** instrumentSmtp: one OpenTelemetry span and metric points per send, from the engine's diagnostics channels. */
import diagnosticsChannel from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import type { Histogram, MeterProvider, Span, TracerProvider, Counter, UpDownCounter } from '@opentelemetry/api';
import {
  CLOSE_CHANNEL,
  CONNECT_CHANNEL,
  SEND_CHANNEL,
  type SmtpConnectEvent,
  type SmtpSendEvent,
} from '../transport/diagnostics/channels.js';
import { loadOpenTelemetryApi, type OpenTelemetryApi } from './load-api.js';
import { SMTP_INSTRUMENTATION_SCOPE, SMTP_SEND_SPAN_NAME, SmtpMetrics } from './semantic-names.js';
import { connectionAttributes, outcomeOf, SendMetricAttributes, sendEndAttributes, sendStartAttributes } from './send-attributes.js';

/** Where spans and metric points go. */
export interface SmtpInstrumentationOptions {
  /** @defaultValue the global tracer provider (`trace.getTracerProvider()`) */
  tracerProvider?: TracerProvider;
  /** @defaultValue the global meter provider (`metrics.getMeterProvider()`) */
  meterProvider?: MeterProvider;
}

/** A running instrumentation. */
export interface SmtpInstrumentation {
  /** Unsubscribes from the channels; sends in flight get no span end or metric point. Calling it again does nothing. */
  disable(): void;
}

/** Send durations mostly fall between a few milliseconds (a local relay) and tens of seconds (a slow remote MTA). */
const DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

interface Instruments {
  duration: Histogram;
  sends: Counter;
  openConnections: UpDownCounter;
}

/** A send under way: its span and when it started. */
interface SendInFlight {
  span: Span;
  startedMs: number;
}

/**
 * Subscribes to the engine's diagnostics channels (`nestjs-smtp:send`, `nestjs-smtp:connect`, `nestjs-smtp:close`)
 * and records, for every `sendMail` of every transport in the process: a span of kind CLIENT, child of the span
 * active where `sendMail` was called, with status ERROR and `error.type` set to the SmtpError code on failure;
 * the `smtp.client.send.duration` histogram (seconds) and the `smtp.client.sends` counter (by outcome, error
 * type and reply code); and the `smtp.client.open_connections` up-down counter. Attributes carry counts,
 * domains and codes, never an address, a credential or content.
 *
 * The caller's span is found through the context manager (the SDK's AsyncLocalStorage one, as set up by
 * `NodeSDK` or `NodeTracerProvider.register()`): the channel's `start` event runs in the caller's async context.
 * @throws SmtpError ECONFIG (as a rejection) when `@opentelemetry/api` is not installed.
 * @example
 * import { instrumentSmtp } from 'nestjs-smtp/otel';
 * const instrumentation = await instrumentSmtp(); // global providers; or { tracerProvider, meterProvider }
 * // ... on shutdown:
 * instrumentation.disable();
 */
export async function instrumentSmtp(options: SmtpInstrumentationOptions = {}): Promise<SmtpInstrumentation> {
  const api = await loadOpenTelemetryApi();
  const tracer = (options.tracerProvider ?? api.trace.getTracerProvider()).getTracer(SMTP_INSTRUMENTATION_SCOPE);
  const meter = (options.meterProvider ?? api.metrics.getMeterProvider()).getMeter(SMTP_INSTRUMENTATION_SCOPE);
  const instruments: Instruments = {
    duration: meter.createHistogram(SmtpMetrics.SEND_DURATION, {
      description: 'Duration of sendMail calls, from the call to the outcome (retries included).',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
    }),
    sends: meter.createCounter(SmtpMetrics.SENDS, { description: 'sendMail calls ended, by outcome.', unit: '{message}' }),
    openConnections: meter.createUpDownCounter(SmtpMetrics.OPEN_CONNECTIONS, { description: 'SMTP connections open now.', unit: '{connection}' }),
  };
  // Per-payload state, held weakly: a payload the engine dropped takes its entry with it.
  const inFlight = new WeakMap<SmtpSendEvent, SendInFlight>();
  const counted = new WeakSet<SmtpConnectEvent>();
  const metricAttributes = new SendMetricAttributes();

  const send = {
    start(message: unknown): void {
      const payload = message as SmtpSendEvent;
      // Runs synchronously inside sendMail, so the active context is the caller's.
      const span = tracer.startSpan(SMTP_SEND_SPAN_NAME, { kind: api.SpanKind.CLIENT, attributes: sendStartAttributes(payload) }, api.context.active());
      inFlight.set(payload, { span, startedMs: performance.now() });
    },
    asyncEnd(message: unknown): void {
      const payload = message as SmtpSendEvent;
      const sending = inFlight.get(payload);
      // Started before this instrumentation subscribed: there is no span or start time to close.
      if (!sending) return;
      inFlight.delete(payload);
      endSpan(api, sending.span, payload);
      const attributes = metricAttributes.of(payload);
      instruments.duration.record((performance.now() - sending.startedMs) / 1000, attributes.duration);
      instruments.sends.add(1, attributes.sends);
    },
  };
  const connect = {
    asyncEnd(message: unknown): void {
      const payload = message as SmtpConnectEvent;
      if (payload.outcome !== 'succeeded') return;
      counted.add(payload);
      instruments.openConnections.add(1, connectionAttributes(payload));
    },
  };
  // A close is counted only for a connection whose opening was: the gauge never goes below what it saw open.
  const onClose = (message: unknown): void => {
    const payload = message as SmtpConnectEvent;
    if (counted.delete(payload)) instruments.openConnections.add(-1, connectionAttributes(payload));
  };

  const sendChannel = diagnosticsChannel.tracingChannel(SEND_CHANNEL);
  const connectChannel = diagnosticsChannel.tracingChannel(CONNECT_CHANNEL);
  sendChannel.start.subscribe(send.start);
  sendChannel.asyncEnd.subscribe(send.asyncEnd);
  connectChannel.asyncEnd.subscribe(connect.asyncEnd);
  diagnosticsChannel.subscribe(CLOSE_CHANNEL, onClose);
  let enabled = true;
  return {
    disable() {
      if (!enabled) return;
      enabled = false;
      sendChannel.start.unsubscribe(send.start);
      sendChannel.asyncEnd.unsubscribe(send.asyncEnd);
      connectChannel.asyncEnd.unsubscribe(connect.asyncEnd);
      diagnosticsChannel.unsubscribe(CLOSE_CHANNEL, onClose);
    },
  };
}

/** Sets what the send learnt and its status, then ends the span. No exception event: its message names recipients. */
function endSpan(api: OpenTelemetryApi, span: Span, payload: SmtpSendEvent): void {
  span.setAttributes(sendEndAttributes(payload));
  if (outcomeOf(payload) !== 'sent') span.setStatus({ code: api.SpanStatusCode.ERROR, message: payload.code ?? 'failed' });
  span.end();
}
