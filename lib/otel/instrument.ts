/** instrumentSmtp: one OpenTelemetry span and metric points per send, from the engine's diagnostics channels. */
import diagnosticsChannel from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import type { Histogram, Meter, MeterProvider, ObservableResult, Span, Tracer, TracerProvider } from '@opentelemetry/api';
import {
  CLOSE_CHANNEL,
  CONNECT_CHANNEL,
  SEND_CHANNEL,
  type SmtpConnectEvent,
  type SmtpSendEvent,
} from '../transport/diagnostics/channels.js';
import { loadOpenTelemetryApi, type OpenTelemetryApi } from './load-api.js';
import { SMTP_INSTRUMENTATION_SCOPE, SMTP_SEND_SPAN_NAME, SmtpMetrics } from './semantic-names.js';
import { connectionAttributes, failureType, outcomeOf, sendEndAttributes, type SendOutcome } from './send-attributes.js';
import { SendRecords, type ServerRecords } from './server-records.js';

/** Where spans and metric points go, and which of them to record. */
export interface SmtpInstrumentationOptions {
  /** @defaultValue the global tracer provider (`trace.getTracerProvider()`) */
  tracerProvider?: TracerProvider;
  /** @defaultValue the global meter provider (`metrics.getMeterProvider()`) */
  meterProvider?: MeterProvider;
  /**
   * Record a span per send. `false` leaves the tracer provider untouched, for an app that wants the metrics only.
   * @defaultValue true
   */
  spans?: boolean;
  /**
   * Record the metrics (send duration, sends, open connections). `false` leaves the meter provider untouched.
   * @defaultValue true
   */
  metrics?: boolean;
}

/** A running instrumentation. */
export interface SmtpInstrumentation {
  /**
   * Unsubscribes from the channels; sends in flight get no span end or metric point, and the sends counter stays at
   * its last count. Calling it again does nothing.
   */
  disable(): void;
}

/** Send durations mostly fall between a few milliseconds (a local relay) and tens of seconds (a slow remote MTA). */
const DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** A send under way: its span (when spans are recorded), when it started, and its server's records. */
interface SendInFlight {
  span: Span | undefined;
  startedMs: number;
  records: ServerRecords;
}

/** A channel, or one event of a tracing channel. */
interface Subscribable {
  subscribe(handler: (message: unknown) => void): void;
  unsubscribe(handler: (message: unknown) => void): unknown;
}

/** What `disable()` runs: each undoes one thing `instrumentSmtp` did. */
type Undo = () => void;

function listen(channel: Subscribable, handler: (message: unknown) => void): Undo {
  channel.subscribe(handler);
  return () => {
    channel.unsubscribe(handler);
  };
}

/**
 * Subscribes to the engine's diagnostics channels (`nestjs-smtp:send`, `nestjs-smtp:connect`, `nestjs-smtp:close`)
 * and records, for every `sendMail` of every transport in the process: a span of kind CLIENT, child of the span
 * active where `sendMail` was called, with status ERROR and `error.type` set to the SmtpError code on failure;
 * the `smtp.client.send.duration` histogram (seconds), the `smtp.client.sends` counter (by outcome, error type
 * and reply code; asynchronous: counted in memory and reported at each collection); and the
 * `smtp.client.open_connections` up-down counter. Attributes carry counts, domains and codes, never an address, a
 * credential or content. `spans: false` or `metrics: false` leaves out either half.
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
  const tracer = options.spans === false ? undefined : (options.tracerProvider ?? api.trace.getTracerProvider()).getTracer(SMTP_INSTRUMENTATION_SCOPE);
  const meter = options.metrics === false ? undefined : (options.meterProvider ?? api.metrics.getMeterProvider()).getMeter(SMTP_INSTRUMENTATION_SCOPE);
  const records = new SendRecords(api.SpanKind.CLIENT);
  const undo: Undo[] = [];
  if (tracer || meter) undo.push(...recordSends(api, tracer, meter && sendInstruments(meter, records), records));
  if (meter) undo.push(...countConnections(meter));
  let enabled = true;
  return {
    disable() {
      if (!enabled) return;
      enabled = false;
      for (const step of undo) step();
    },
  };
}

/** The per-send instruments: the duration histogram, recorded at each send, and the sends counter, read from `records`. */
interface SendInstruments {
  duration: Histogram;
  /** Stops observing the sends counter; a cumulative reader keeps its last count. */
  stop(): void;
}

function sendInstruments(meter: Meter, records: SendRecords): SendInstruments {
  const duration = meter.createHistogram(SmtpMetrics.SEND_DURATION, {
    description: 'Duration of sendMail calls, from the call to the outcome (retries included).',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
  });
  const sends = meter.createObservableCounter(SmtpMetrics.SENDS, { description: 'sendMail calls ended, by outcome.', unit: '{message}' });
  const observeSends = (result: ObservableResult): void => {
    for (const cell of records.cells) result.observe(cell.count, cell.attributes);
  };
  sends.addCallback(observeSends);
  return { duration, stop: () => sends.removeCallback(observeSends) };
}

/** Subscribes to the send channel: a span from `start` to `asyncEnd`, and the metric points at `asyncEnd`. */
function recordSends(api: OpenTelemetryApi, tracer: Tracer | undefined, instruments: SendInstruments | undefined, records: SendRecords): Undo[] {
  // Per-payload state, held weakly: a payload the engine dropped takes its entry with it.
  const inFlight = new WeakMap<SmtpSendEvent, SendInFlight>();
  const channel = diagnosticsChannel.tracingChannel(SEND_CHANNEL);
  const start = (message: unknown): void => {
    const payload = message as SmtpSendEvent;
    const server = records.of(payload);
    // Runs synchronously inside sendMail, so the active context is the caller's.
    const span = tracer?.startSpan(SMTP_SEND_SPAN_NAME, server.spanOptionsFor(payload.pooled), api.context.active());
    inFlight.set(payload, { span, startedMs: instruments ? performance.now() : 0, records: server });
  };
  const asyncEnd = (message: unknown): void => {
    const payload = message as SmtpSendEvent;
    const sending = inFlight.get(payload);
    // Started before this instrumentation subscribed: there is no span or start time to close.
    if (!sending) return;
    inFlight.delete(payload);
    const outcome = outcomeOf(payload);
    if (sending.span) endSpan(api, sending.span, payload, outcome);
    if (!instruments) return;
    const outcomeRecords = sending.records.outcome(outcome, outcome === 'sent' ? undefined : failureType(payload));
    instruments.duration.record((performance.now() - sending.startedMs) / 1000, outcomeRecords.duration);
    outcomeRecords.count(payload.responseCode);
  };
  return [listen(channel.start, start), listen(channel.asyncEnd, asyncEnd), () => instruments?.stop()];
}

/** Subscribes the open-connections gauge: up when a connection opens, down when it closes. */
function countConnections(meter: Meter): Undo[] {
  const openConnections = meter.createUpDownCounter(SmtpMetrics.OPEN_CONNECTIONS, { description: 'SMTP connections open now.', unit: '{connection}' });
  const counted = new WeakSet<SmtpConnectEvent>();
  const opened = (message: unknown): void => {
    const payload = message as SmtpConnectEvent;
    if (payload.outcome !== 'succeeded') return;
    counted.add(payload);
    openConnections.add(1, connectionAttributes(payload));
  };
  // A close is counted only for a connection whose opening was: the gauge never goes below what it saw open.
  const closed = (message: unknown): void => {
    const payload = message as SmtpConnectEvent;
    if (counted.delete(payload)) openConnections.add(-1, connectionAttributes(payload));
  };
  return [listen(diagnosticsChannel.tracingChannel(CONNECT_CHANNEL).asyncEnd, opened), listen(diagnosticsChannel.channel(CLOSE_CHANNEL), closed)];
}

/** Sets what the send learnt and its status, then ends the span. No exception event: its message names recipients. */
function endSpan(api: OpenTelemetryApi, span: Span, payload: SmtpSendEvent, outcome: SendOutcome): void {
  span.setAttributes(sendEndAttributes(payload, outcome));
  if (outcome !== 'sent') span.setStatus({ code: api.SpanStatusCode.ERROR, message: payload.code ?? 'failed' });
  span.end();
}
