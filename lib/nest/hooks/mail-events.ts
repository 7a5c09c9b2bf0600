/** The `mail.sent` / `mail.failed` events: finds `@nestjs/event-emitter`'s emitter when the app has it (an optional peer). */
import type { ModuleRef } from '@nestjs/core';
import { SmtpError } from '../../core/errors.js';

/**
 * Emitted after a mailer's message was accepted, by `sendMail` or by the worker that sent a queued one; the
 * payload is a `MailSentEvent` (with a `jobId` for queued mail).
 */
export const MAIL_SENT_EVENT = 'mail.sent';
/**
 * Emitted after a mailer's send failed, or a queued message failed for good in the worker that tried it; the
 * payload is a `MailFailedEvent` (with a `jobId` for queued mail). Retried attempts emit nothing.
 */
export const MAIL_FAILED_EVENT = 'mail.failed';
/**
 * Emitted when a queued message is parked (its delivery unknown: neither sent nor failed), by the worker's
 * process; the payload is a `MailParkedEvent`.
 */
export const MAIL_PARKED_EVENT = 'mail.parked';

/** What the hooks need of `EventEmitter2`; declared here so that the package's types never need the peer. */
export interface MailEventSink {
  emit(event: string, payload: unknown): unknown;
}

/** @internal Loads the optional peer; replaced in tests to stand for an app without it. */
export type EventEmitterLoader = () => Promise<{ EventEmitter2: abstract new (...args: never[]) => MailEventSink }>;

const loadEventEmitter: EventEmitterLoader = async () => (await import('@nestjs/event-emitter')) as unknown as Awaited<ReturnType<EventEmitterLoader>>;

/**
 * The app's `EventEmitter2`, for the `events` option: `false` never looks; left out, uses it when the package is
 * installed and `EventEmitterModule.forRoot()` imported, and quietly does without otherwise; `true` requires both.
 * @throws SmtpError ECONFIG, with `events: true` only, naming what is missing.
 */
export async function findMailEvents(
  moduleRef: ModuleRef,
  events: boolean | undefined,
  mailerName: string,
  load: EventEmitterLoader = loadEventEmitter,
): Promise<MailEventSink | undefined> {
  if (events === false) return undefined;
  let emitterClass: Awaited<ReturnType<EventEmitterLoader>>['EventEmitter2'];
  try {
    emitterClass = (await load()).EventEmitter2;
  } catch (err) {
    if (!events) return undefined;
    throw new SmtpError('ECONFIG', `mailer "${mailerName}": events: true needs @nestjs/event-emitter: npm install @nestjs/event-emitter, then import EventEmitterModule.forRoot()`, { cause: err });
  }
  try {
    return moduleRef.get(emitterClass, { strict: false });
  } catch (err) {
    if (!events) return undefined;
    throw new SmtpError('ECONFIG', `mailer "${mailerName}": events: true needs EventEmitterModule.forRoot() from @nestjs/event-emitter imported in the application`, { cause: err });
  }
}
