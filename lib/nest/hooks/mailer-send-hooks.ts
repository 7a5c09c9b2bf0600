/** MailerSendHooks: runs a mailer's hooks and emits its events around each send, each enqueue and each queued outcome. */
import { Logger } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { MailTransport, SentMessageInfo } from '../../transport/mail-transport.js';
import type { SendableMessage } from '../../transport/template-renderer.js';
import type { DirectMailFailedEvent, DirectMailSentEvent, MailerHooks, MailFailedEvent, MailParkedEvent, MailSentEvent } from './mailer-hooks.interface.js';
import { findMailEvents, MAIL_FAILED_EVENT, MAIL_SENT_EVENT, type MailEventSink } from './mail-events.js';

// Not mailer.constants.ts: it imports MailerService, which imports this file's types.
const isDefaultMailer = (name?: string): boolean => name === undefined || name === 'default';

/** @internal The hooks the `hooks` option may name. */
export const MAILER_HOOK_NAMES: ReadonlyArray<keyof MailerHooks> = ['beforeSend', 'afterSend', 'onError', 'afterQueuedSend', 'onQueuedError', 'onParked'];

/** @internal The token of a mailer's hooks provider. */
export function getMailerHooksToken(name?: string): string {
  return isDefaultMailer(name) ? 'nestjs-smtp:MAILER_HOOKS' : `nestjs-smtp:MAILER_HOOKS:${name}`;
}

/**
 * @internal One per mailer (and per registry tenant). Finds the event emitter when the module initialises, so
 * that `events: true` without `@nestjs/event-emitter` stops the application from starting.
 */
export class MailerSendHooks implements OnModuleInit {
  /** @internal Logs what hooks and listeners throw. */
  readonly logger: Logger;
  private events?: MailEventSink;
  /** Outcome hooks still running for queued jobs, so that shutdown can wait for them. */
  private readonly running = new Set<Promise<void>>();
  /**
   * Settles once the emitter was looked for. The outbox's worker starts while the module is still being built, so
   * a job it finishes early waits for this before its event goes out, rather than being dropped.
   */
  private readonly eventsFound: Promise<void>;
  private markEventsFound: () => void = () => undefined;

  constructor(
    readonly mailerName: string,
    /** @internal */
    readonly hooks: MailerHooks = {},
    private readonly eventsOption?: boolean,
    private readonly moduleRef?: ModuleRef,
  ) {
    this.logger = new Logger(isDefaultMailer(mailerName) ? 'Mailer' : `Mailer:${mailerName}`);
    this.eventsFound = moduleRef ? new Promise((resolve) => (this.markEventsFound = resolve)) : Promise.resolve();
  }

  /** @throws SmtpError ECONFIG when `events: true` and `@nestjs/event-emitter` is missing or not registered. */
  async onModuleInit(): Promise<void> {
    try {
      if (this.moduleRef) this.events = await findMailEvents(this.moduleRef, this.eventsOption, this.mailerName);
    } finally {
      this.markEventsFound();
    }
  }

  /** The same events, for another mailer (a registry tenant), with its own hooks or these. */
  forMailer(mailerName: string, hooks: MailerHooks = this.hooks): MailerSendHooks {
    const derived = new MailerSendHooks(mailerName, hooks, this.eventsOption);
    derived.events = this.events;
    return derived;
  }

  /**
   * Sends through `transport` with the hooks around it: `beforeSend` may change or refuse the message; then
   * exactly one of `afterSend` / `onError` runs, and nothing they throw changes what the caller gets.
   */
  async send(transport: MailTransport, message: SendableMessage): Promise<SentMessageInfo> {
    let outgoing = message;
    let info: SentMessageInfo;
    try {
      outgoing = await this.beforeEnqueue(message);
      info = await transport.sendMail(outgoing);
    } catch (error) {
      await this.observe('onError', () => this.hooks.onError?.(error, outgoing));
      this.emit(MAIL_FAILED_EVENT, { mailer: this.mailerName, message: outgoing, error } satisfies DirectMailFailedEvent);
      throw error;
    }
    await this.observe('afterSend', () => this.hooks.afterSend?.(info, outgoing));
    this.emit(MAIL_SENT_EVENT, { mailer: this.mailerName, message: outgoing, info } satisfies DirectMailSentEvent);
    return info;
  }

  /**
   * Runs `beforeSend` on a message about to be sent or queued: resolves the message to use.
   * @throws what `beforeSend` threw to refuse the message.
   */
  async beforeEnqueue(message: SendableMessage): Promise<SendableMessage> {
    return (await this.hooks.beforeSend?.(message)) ?? message;
  }

  /**
   * @internal Runs an outcome hook of a queued job and emits its event, without making the caller wait: the
   * outbox emits synchronously. `settled()` waits for what is still running.
   */
  report(hook: keyof MailerHooks, run: () => unknown, event: string, payload: MailEventPayload): void {
    const done = (async () => {
      await this.observe(hook, run);
      await this.eventsFound;
      this.emit(event, payload);
    })();
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
  }

  /** Resolves once the outcome hooks started so far have finished (never rejects: they log what they throw). */
  async settled(): Promise<void> {
    // A module closed without being initialised never looks for the emitter: emit to none rather than wait.
    this.markEventsFound();
    while (this.running.size > 0) await Promise.all(this.running);
  }

  /** Runs a hook that comes after the outcome: what it throws is logged, never passed to the caller. */
  private async observe(name: string, run: () => unknown): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.logger.error(`${name} hook threw: ${describe(err)}`, err instanceof Error ? err.stack : undefined);
    }
  }

  private emit(event: string, payload: MailEventPayload): void {
    if (!this.events) return;
    try {
      this.events.emit(event, payload);
    } catch (err) {
      // A synchronous listener that throws must not turn a sent message into a failure.
      this.logger.error(`a ${event} listener threw: ${describe(err)}`, err instanceof Error ? err.stack : undefined);
    }
  }
}

type MailEventPayload = MailSentEvent | MailFailedEvent | MailParkedEvent;

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
