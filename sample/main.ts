/** Starts the sample: `npm run sample`, then open the URL it prints. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module.js';
import { DevInbox } from './inbox/dev-inbox.js';

const DEFAULT_PORT = 3000;
/** Past this, a shutdown that is still waiting (a stuck SMTP server) gives up. */
const SHUTDOWN_GRACE_MS = 15_000;

function readPort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT=${value} is not a TCP port (0-65535; 0 picks a free one)`);
  return port;
}

async function bootstrap(): Promise<void> {
  const logger = new Logger('Sample');
  const port = readPort(process.env.PORT);
  // Loopback unless told otherwise: the inbox shows every message it received.
  const host = process.env.HOST || '127.0.0.1';
  // abortOnError: false turns a failed start into an error with a message instead of process.abort().
  const app = await NestFactory.create(AppModule, { abortOnError: false });
  await app.listen(port, host);
  const { port: actualPort } = app.getHttpServer().address() as AddressInfo;

  // app.close() runs the shutdown hooks: the mailer's transport closes after delivering queued mail; only then
  // does the embedded SMTP server stop, and the process exits on its own, with code 0.
  const inbox = app.get(DevInbox);
  const stop = (signal: string): void => {
    logger.log(`${signal}: shutting down`);
    setTimeout(() => {
      logger.error(`still shutting down after ${SHUTDOWN_GRACE_MS} ms; exiting`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    app.close().then(() => inbox.stop()).then(
      () => logger.log('stopped'),
      (err: unknown) => { logger.error(`shutdown failed: ${String(err)}`); process.exitCode = 1; },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  // Printed once the signals are handled: whoever reads the URL may stop the sample at once.
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  console.log(`nestjs-smtp sample listening on http://${shownHost}:${actualPort}`);
}

bootstrap().catch((err: unknown) => {
  console.error('nestjs-smtp sample failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
