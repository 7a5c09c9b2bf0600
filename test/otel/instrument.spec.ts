import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals';
import diagnosticsChannel from 'node:diagnostics_channel';
import { setTimeout as delay } from 'node:timers/promises';
import { context, trace, SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader, type DataPoint, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { instrumentSmtp, SmtpAttributes, SmtpMetrics, SMTP_SEND_SPAN_NAME, SEND_CHANNEL, CONNECT_CHANNEL, type SmtpInstrumentation } from '../../lib/otel.js';
import { createTransport } from '../../lib/transport/transport.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { startScriptServer } from '../helpers/script-server.js';
import { esmtp, DESTROY } from '../helpers/esmtp-script.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';

const startServer = closedAfterEach(startSmtpServer);
const startScript = closedAfterEach(startScriptServer);

/** A reader collected by hand: the test decides when metric points are read. */
class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}

  async metric(name: string): Promise<MetricData | undefined> {
    const { resourceMetrics } = await this.collect();
    return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((metric) => metric.descriptor.name === name);
  }
}

const MESSAGE = { from: 'sender@example.org', to: ['ann@example.com', 'bob@Example.com', 'carl@other.test'], subject: 'traced', text: 'hello' };

describe('instrumentSmtp', () => {
  const contextManager = new AsyncLocalStorageContextManager();
  let exporter: InMemorySpanExporter;
  let tracerProvider: BasicTracerProvider;
  let reader: CollectingReader;
  let meterProvider: MeterProvider;
  let instrumentation: SmtpInstrumentation;

  beforeAll(() => {
    context.setGlobalContextManager(contextManager.enable());
  });
  afterAll(() => {
    context.disable();
  });

  beforeEach(async () => {
    exporter = new InMemorySpanExporter();
    tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    reader = new CollectingReader();
    meterProvider = new MeterProvider({ readers: [reader] });
    instrumentation = await instrumentSmtp({ tracerProvider, meterProvider });
  });
  afterEach(async () => {
    instrumentation.disable();
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
  });

  /** Runs `work` inside an active span of the app's own, as a request handler would. */
  function inCallerSpan<T>(name: string, work: () => Promise<T>): Promise<{ parent: Span; result: T }> {
    return tracerProvider.getTracer('app').startActiveSpan(name, async (parent) => {
      try {
        return { parent, result: await work() };
      } finally {
        parent.end();
      }
    });
  }

  function sendSpans(): ReadableSpan[] {
    return exporter.getFinishedSpans().filter((span) => span.name === SMTP_SEND_SPAN_NAME);
  }

  it('records a CLIENT span, child of the caller\'s active span, with server, counts and reply code', async () => {
    const server = await startServer({ rejectRecipients: ['carl@other.test'] });
    const transport = createTransport({ host: server.host, port: server.port });
    const { parent, result: info } = await inCallerSpan('POST /signup', () => transport.sendMail(MESSAGE));
    await transport.close();

    const [span] = sendSpans();
    expect(sendSpans()).toHaveLength(1);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      'server.address': '127.0.0.1',
      'server.port': server.port,
      'network.transport': 'tcp',
      'network.protocol.name': 'smtp',
      'smtp.pooled': false,
      'smtp.outcome': 'sent',
      'smtp.message.id': info.messageId,
      'smtp.recipient.count': 3,
      'smtp.recipient.domains': ['example.com', 'other.test'],
      'smtp.message.size': info.messageSize,
      'smtp.accepted.count': 2,
      'smtp.rejected.count': 1,
      'smtp.response.status_code': 250,
      'smtp.bdat': false,
      'smtp.attempts': 1,
    });
  });

  it('parents concurrent sends to their own callers\' spans', async () => {
    const server = await startServer();
    const transport = createTransport({ host: server.host, port: server.port, pool: true });
    const callers = await Promise.all(['first', 'second', 'third'].map((name) => inCallerSpan(name, () => transport.sendMail(MESSAGE))));
    await transport.close();

    const spans = sendSpans();
    expect(spans).toHaveLength(3);
    const parentOf = new Map(spans.map((span) => [span.attributes[SmtpAttributes.MESSAGE_ID], span.parentSpanContext?.spanId]));
    for (const { parent, result } of callers) expect(parentOf.get(result.messageId)).toBe(parent.spanContext().spanId);
  });

  it('without an active span, the send span is a root span', async () => {
    const server = await startServer();
    const transport = createTransport({ host: server.host, port: server.port });
    await transport.sendMail(MESSAGE);
    await transport.close();
    expect(sendSpans()[0].parentSpanContext).toBeUndefined();
  });

  it('a refused login is status ERROR with the code, and counted as failed', async () => {
    const server = await startServer({ auth: { user: 'u', pass: 'right' } });
    const transport = createTransport({ host: server.host, port: server.port, auth: { user: 'u', pass: 'wrong' } });
    await expect(inCallerSpan('job', () => transport.sendMail(MESSAGE))).rejects.toMatchObject({ code: 'EAUTH' });

    const [span] = sendSpans();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'EAUTH' });
    expect(span.attributes).toMatchObject({
      'error.type': 'EAUTH', 'smtp.error.phase': 'auth', 'smtp.response.status_code': 535, 'smtp.outcome': 'failed', 'smtp.attempts': 0,
    });
    // No exception event: an SmtpError's message may name recipients.
    expect(span.events).toEqual([]);

    const sends = await reader.metric(SmtpMetrics.SENDS);
    expect(sends?.dataPoints.map((point) => [point.attributes, point.value])).toEqual([
      [{ 'server.address': '127.0.0.1', 'server.port': server.port, 'smtp.outcome': 'failed', 'error.type': 'EAUTH', 'smtp.response.status_code': 535 }, 1],
    ]);
  });

  it('a connection dropped after the final dot is outcome uncertain', async () => {
    const srv = await startScript(esmtp({ extensions: ['PIPELINING', 'CHUNKING'], overrides: { BDAT: DESTROY } }));
    const transport = createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS });
    await expect(transport.sendMail(MESSAGE)).rejects.toMatchObject({ delivery: 'uncertain' });
    await transport.close();
    const [span] = sendSpans();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes).toMatchObject({ 'smtp.outcome': 'uncertain', 'error.type': 'ESOCKET', 'smtp.bdat': true });
  });

  it('records the send duration in seconds and counts sends by outcome and reply code', async () => {
    const server = await startServer();
    const transport = createTransport({ host: server.host, port: server.port });
    const started = performance.now();
    await transport.sendMail(MESSAGE);
    await transport.sendMail(MESSAGE);
    const elapsedS = (performance.now() - started) / 1000;
    await transport.close();

    const duration = await reader.metric(SmtpMetrics.SEND_DURATION);
    expect(duration?.descriptor.unit).toBe('s');
    const [point] = duration?.dataPoints as Array<DataPoint<Histogram>>;
    expect(point.attributes).toEqual({ 'server.address': '127.0.0.1', 'server.port': server.port, 'smtp.outcome': 'sent' });
    expect(point.value.count).toBe(2);
    expect(point.value.sum).toBeGreaterThan(0);
    expect(point.value.sum).toBeLessThanOrEqual(elapsedS);

    const sends = await reader.metric(SmtpMetrics.SENDS);
    expect(sends?.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ 'server.address': '127.0.0.1', 'server.port': server.port, 'smtp.outcome': 'sent', 'smtp.response.status_code': 250 }, 2],
    ]);
  });

  it('counts open connections up when a pooled connection opens and down when it closes', async () => {
    const server = await startServer();
    const transport = createTransport({ host: server.host, port: server.port, pool: true, maxConnections: 2 });
    await Promise.all([transport.sendMail(MESSAGE), transport.sendMail(MESSAGE)]);
    const openValue = async (): Promise<unknown> => (await reader.metric(SmtpMetrics.OPEN_CONNECTIONS))?.dataPoints.map((p) => [p.attributes, p.value]);
    const attributes = { 'server.address': '127.0.0.1', 'server.port': server.port };
    // The pool opened a connection for each waiting message, but the first one may have sent both before the
    // second finished its handshake: wait (bounded) for that one to be counted.
    const deadline = Date.now() + 5_000;
    while (JSON.stringify(await openValue()) !== JSON.stringify([[attributes, 2]]) && Date.now() < deadline) await delay(10);
    expect(await openValue()).toEqual([[attributes, 2]]);
    await transport.close();
    expect(await openValue()).toEqual([[attributes, 0]]);
  });

  it('publishes no address, local part, password or content in spans or metric points', async () => {
    const localPart = 'zq-secret-localpart-4417';
    const password = 'pw-never-exported-9021';
    const server = await startServer({ auth: { user: 'otel-user', pass: password }, rejectRecipients: [`${localPart}-no@example.com`] });
    const transport = createTransport({ host: server.host, port: server.port, auth: { user: 'otel-user', pass: password } });
    await transport.sendMail({ from: `${localPart}@example.org`, to: [`${localPart}@example.com`, `${localPart}-no@example.com`], subject: 'subject 6610', text: 'body 7731' });
    await expect(transport.sendMail({ from: 'a@example.org', to: `${localPart}-no@example.com`, text: 'body 7731' })).rejects.toMatchObject({ code: 'EENVELOPE' });
    await transport.close();
    const { resourceMetrics } = await reader.collect();
    const exported = JSON.stringify([exporter.getFinishedSpans().map((span) => [span.name, span.attributes, span.status, span.events]), resourceMetrics.scopeMetrics]);
    expect(sendSpans()).toHaveLength(2);
    for (const secret of [localPart, password, 'otel-user', 'subject 6610', 'body 7731']) expect(exported).not.toContain(secret);
  });

  it('names every attribute it records in SmtpAttributes', async () => {
    const server = await startServer({ rejectRecipients: ['bob@example.com'] });
    const transport = createTransport({ host: server.host, port: server.port, pool: true });
    await transport.sendMail(MESSAGE);
    await expect(transport.sendMail({ ...MESSAGE, to: 'bob@example.com' })).rejects.toMatchObject({ code: 'EENVELOPE' });
    const { resourceMetrics } = await reader.collect();
    await transport.close();
    const pointKeys = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics.flatMap((metric) => metric.dataPoints.flatMap((point) => Object.keys(point.attributes))));
    const spanKeys = sendSpans().flatMap((span) => Object.keys(span.attributes));
    expect(spanKeys).toContain('error.type');
    expect(pointKeys).toContain('smtp.response.status_code');
    const documented = new Set<string>(Object.values(SmtpAttributes));
    expect([...new Set([...spanKeys, ...pointKeys])].filter((key) => !documented.has(key))).toEqual([]);
  });

  it('disable() unsubscribes: later sends record nothing and the channels have no subscriber left', async () => {
    instrumentation.disable();
    instrumentation.disable();
    expect(diagnosticsChannel.tracingChannel(SEND_CHANNEL).hasSubscribers).toBe(false);
    expect(diagnosticsChannel.tracingChannel(CONNECT_CHANNEL).hasSubscribers).toBe(false);
    const server = await startServer();
    const transport = createTransport({ host: server.host, port: server.port });
    await transport.sendMail(MESSAGE);
    await transport.close();
    expect(sendSpans()).toEqual([]);
    expect(await reader.metric(SmtpMetrics.SENDS)).toBeUndefined();
  });

  it('keeps counting sends across collections, one series per outcome and reply code', async () => {
    const server = await startServer({ rejectRecipients: ['bob@example.com'] });
    const transport = createTransport({ host: server.host, port: server.port, pool: true });
    const points = async (): Promise<unknown> => (await reader.metric(SmtpMetrics.SENDS))?.dataPoints.map((p) => [p.attributes, p.value]);
    const sent = { 'server.address': '127.0.0.1', 'server.port': server.port, 'smtp.outcome': 'sent', 'smtp.response.status_code': 250 };
    const refused = { 'server.address': '127.0.0.1', 'server.port': server.port, 'smtp.outcome': 'failed', 'error.type': 'EENVELOPE', 'smtp.response.status_code': 550 };
    await transport.sendMail(MESSAGE);
    expect(await points()).toEqual([[sent, 1]]);
    await expect(transport.sendMail({ ...MESSAGE, to: 'bob@example.com' })).rejects.toMatchObject({ code: 'EENVELOPE' });
    await transport.sendMail(MESSAGE);
    await transport.close();
    expect(await points()).toEqual([[sent, 2], [refused, 1]]);
  });

  it('disable() after sends leaves the sends counter at its last count', async () => {
    const server = await startServer();
    const transport = createTransport({ host: server.host, port: server.port, pool: true });
    const values = async (): Promise<unknown> => (await reader.metric(SmtpMetrics.SENDS))?.dataPoints.map((p) => p.value);
    await transport.sendMail(MESSAGE);
    expect(await values()).toEqual([1]);
    instrumentation.disable();
    await transport.sendMail(MESSAGE);
    await transport.close();
    expect(await values()).toEqual([1]);
  });

  it('with spans: false records the metrics and no span', async () => {
    instrumentation.disable();
    const metricsOnly = await instrumentSmtp({ tracerProvider, meterProvider, spans: false });
    try {
      const server = await startServer();
      const transport = createTransport({ host: server.host, port: server.port, pool: true });
      await transport.sendMail(MESSAGE);
      await transport.close();
      expect(exporter.getFinishedSpans()).toEqual([]);
      const duration = await reader.metric(SmtpMetrics.SEND_DURATION);
      expect((duration?.dataPoints as Array<DataPoint<Histogram>>).map((point) => point.value.count)).toEqual([1]);
      expect((await reader.metric(SmtpMetrics.SENDS))?.dataPoints.map((p) => p.value)).toEqual([1]);
      expect((await reader.metric(SmtpMetrics.OPEN_CONNECTIONS))?.dataPoints.map((p) => p.value)).toEqual([0]);
    } finally {
      metricsOnly.disable();
    }
  });

  it('with metrics: false records the span and no metric point', async () => {
    instrumentation.disable();
    const spansOnly = await instrumentSmtp({ tracerProvider, meterProvider, metrics: false });
    try {
      const server = await startServer();
      const transport = createTransport({ host: server.host, port: server.port, pool: true });
      const { parent } = await inCallerSpan('job', () => transport.sendMail(MESSAGE));
      await transport.close();
      expect(sendSpans().map((span) => [span.parentSpanContext?.spanId, span.attributes['smtp.outcome']])).toEqual([[parent.spanContext().spanId, 'sent']]);
      const { resourceMetrics } = await reader.collect();
      expect(resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics)).toEqual([]);
      // Not even the connection gauge: nothing listens to the connect and close channels.
      expect(diagnosticsChannel.tracingChannel(CONNECT_CHANNEL).hasSubscribers).toBe(false);
    } finally {
      spansOnly.disable();
    }
  });

  it('with spans and metrics both off subscribes to nothing', async () => {
    instrumentation.disable();
    const nothing = await instrumentSmtp({ tracerProvider, meterProvider, spans: false, metrics: false });
    expect(diagnosticsChannel.tracingChannel(SEND_CHANNEL).hasSubscribers).toBe(false);
    expect(diagnosticsChannel.tracingChannel(CONNECT_CHANNEL).hasSubscribers).toBe(false);
    nothing.disable();
  });

  it('uses the global providers when none is given', async () => {
    instrumentation.disable();
    trace.setGlobalTracerProvider(tracerProvider);
    const global = await instrumentSmtp();
    try {
      const server = await startServer();
      const transport = createTransport({ host: server.host, port: server.port });
      await transport.sendMail(MESSAGE);
      await transport.close();
      expect(sendSpans()).toHaveLength(1);
    } finally {
      global.disable();
      trace.disable();
    }
  });
});
