/** Channel subscribers for the bench: the OpenTelemetry instrumentation as an app runs it (SDK, batching span processor, a meter), exporting nowhere. */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import diagnosticsChannel from 'node:diagnostics_channel';
import { instrumentSmtp } from '../lib/otel/instrument.js';
import { CLOSE_CHANNEL, CONNECT_CHANNEL, SEND_CHANNEL } from '../lib/transport/diagnostics/channels.js';

/** Takes every batch and drops it: the cost measured is recording and batching spans, not a network exporter. */
class DiscardingExporter implements SpanExporter {
  export(_spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    done({ code: 0 });
  }
  async shutdown(): Promise<void> {}
}

/** A reader that is never collected during a run: metric points are aggregated in memory, as between exports. */
class IdleReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** Subscribes functions that do nothing to every channel event: the engine's own cost of publishing. */
function startNoopSubscriber(): () => Promise<void> {
  const ignore = (): void => undefined;
  const subscribers = { start: ignore, end: ignore, asyncStart: ignore, asyncEnd: ignore, error: ignore };
  const channels = [diagnosticsChannel.tracingChannel(SEND_CHANNEL), diagnosticsChannel.tracingChannel(CONNECT_CHANNEL)];
  for (const channel of channels) channel.subscribe(subscribers);
  diagnosticsChannel.subscribe(CLOSE_CHANNEL, ignore);
  return async () => {
    for (const channel of channels) channel.unsubscribe(subscribers);
    diagnosticsChannel.unsubscribe(CLOSE_CHANNEL, ignore);
  };
}

/**
 * Starts what a contender's `tracing` setting asks for: a no-op subscriber, the OpenTelemetry SDK alone, the SDK
 * with instrumentSmtp, or the SDK with instrumentSmtp recording metrics only. Returns what stops it.
 */
export async function startSubscriber(kind: 'otel' | 'otel-metrics' | 'otel-sdk' | 'noop'): Promise<() => Promise<void>> {
  if (kind === 'noop') return startNoopSubscriber();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // An app running OpenTelemetry has its AsyncLocalStorage active (every instrumented request enters a context),
  // which costs something on every promise. Entering one context activates it here too, with or without the
  // instrumentation, so that comparing the two shows the instrumentation's own cost.
  context.with(context.active(), () => undefined);
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new DiscardingExporter())] });
  const meterProvider = new MeterProvider({ readers: [new IdleReader()] });
  const instrumentation = kind === 'otel-sdk' ? undefined : await instrumentSmtp({ tracerProvider, meterProvider, spans: kind === 'otel' });
  return async () => {
    instrumentation?.disable();
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    context.disable();
  };
}
