/**
 * The two contenders behind one small interface. Each library is imported only in the process that measures it,
 * so neither one's code or memory is counted against the other.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MailMessage } from '../lib/mime/message.interface.js';

/** `floor` is a reference client that composes nothing (floor-client.ts), not a contender. */
export type Side = 'ours' | 'nodemailer' | 'floor';

/** Transport settings a scenario chooses; both sides get exactly these. */
export interface ClientSettings {
  port: number;
  pool: boolean;
  maxConnections?: number;
  maxMessages?: number;
  /** Ours only (nodemailer has no equivalent); ignored for nodemailer. */
  maxTransactionsInFlight?: number;
  /**
   * Ours only: `otel` starts the OpenTelemetry SDK (exporting nowhere) and subscribes the instrumentation before
   * sending; `otel-sdk` starts the SDK alone, to tell its own cost (its async context manager) from the subscriber's;
   * `noop` subscribes functions that do nothing, so the engine builds and publishes every payload.
   */
  tracing?: 'otel' | 'otel-sdk' | 'noop';
  /** Ours only: load the engine from this compiled `lib` folder (an earlier build) instead of this checkout's. */
  engineDir?: string;
  /** Ours only: load the engine from the built package (`nestjs-smtp/engine`, dist/) as an app does, not from lib/. */
  fromPackage?: boolean;
}

/** What the scenarios need from a transport. */
export interface BenchClient {
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/** Settings common to both: plain loopback SMTP, a fixed EHLO name so no host name lookup is made. */
function baseOptions(settings: ClientSettings) {
  return {
    host: '127.0.0.1',
    port: settings.port,
    secure: false,
    ignoreTLS: true,
    name: 'client.bench',
    pool: settings.pool,
    ...(settings.maxConnections !== undefined ? { maxConnections: settings.maxConnections } : {}),
    ...(settings.maxMessages !== undefined ? { maxMessages: settings.maxMessages } : {}),
  };
}

async function createOurs(settings: ClientSettings): Promise<BenchClient> {
  const { createTransport } = (settings.engineDir
    ? await import(pathToFileURL(join(settings.engineDir, 'transport/transport.js')).href)
    : settings.fromPackage
      ? await import('nestjs-smtp/engine')
      : await import('../lib/transport/transport.js')) as typeof import('../lib/transport/transport.js');
  const stopTracing = settings.tracing ? await (await import('./otel-subscriber.js')).startSubscriber(settings.tracing) : undefined;
  const transport = createTransport({
    ...baseOptions(settings),
    ...(settings.maxTransactionsInFlight !== undefined ? { maxTransactionsInFlight: settings.maxTransactionsInFlight } : {}),
  });
  return {
    async send(message) {
      await transport.sendMail(message);
    },
    async close() {
      await transport.close();
      await stopTracing?.();
    },
  };
}

async function createNodemailer(settings: ClientSettings): Promise<BenchClient> {
  const nodemailer = await import('nodemailer');
  const transport = nodemailer.createTransport(baseOptions(settings));
  return {
    async send(message) {
      // The message shapes are the same (our API follows nodemailer's); only the declared types differ.
      await transport.sendMail(message as Parameters<typeof transport.sendMail>[0]);
    },
    async close() {
      transport.close();
    },
  };
}

/** Loads one side's library and creates its transport. */
export async function createClient(side: Side, settings: ClientSettings): Promise<BenchClient> {
  if (side === 'floor') return (await import('./floor-client.js')).createFloorClient(settings);
  return side === 'ours' ? createOurs(settings) : createNodemailer(settings);
}
