/** The OpenTelemetry instrumentation as an app runs it (SDK, batching span processor, a meter), exporting nowhere. */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { instrumentSmtp } from '../lib/otel/instrument.js';

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

/** Starts the SDK and (when `instrument`) instrumentSmtp; returns what stops them. */
export async function startOtelSubscriber(instrument: boolean): Promise<() => Promise<void>> {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // An app running OpenTelemetry has its AsyncLocalStorage active (every instrumented request enters a context),
  // which costs something on every promise. Entering one context activates it here too, with or without the
  // instrumentation, so that comparing the two shows the instrumentation's own cost.
  context.with(context.active(), () => undefined);
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new DiscardingExporter())] });
  const meterProvider = new MeterProvider({ readers: [new IdleReader()] });
  const instrumentation = instrument ? await instrumentSmtp({ tracerProvider, meterProvider }) : undefined;
  return async () => {
    instrumentation?.disable();
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    context.disable();
  };
}
