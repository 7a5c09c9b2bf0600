/** MailerSendHooks: runs a mailer's beforeSend / afterSend / onError hooks and emits its events around each send. */
import { Logger } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { MailTransport, SentMessageInfo } from '../../transport/mail-transport.js';
import type { SendableMessage } from '../../transport/template-renderer.js';
import type { MailFailedEvent, MailerHooks, MailSentEvent } from './mailer-hooks.interface.js';
import { findMailEvents, MAIL_FAILED_EVENT, MAIL_SENT_EVENT, type MailEventSink } from './mail-events.js';

// Not mailer.constants.ts: it imports MailerService, which imports this file's types.
const isDefaultMailer = (name?: string): boolean => name === undefined || name === 'default';

/** @internal The token of a mailer's hooks provider. */
export function getMailerHooksToken(name?: string): string {
  return isDefaultMailer(name) ? 'nestjs-smtp:MAILER_HOOKS' : `nestjs-smtp:MAILER_HOOKS:${name}`;
}

/**
 * @internal One per mailer (and per registry tenant). Finds the event emitter when the module initialises, so
 * that `events: true` without `@nestjs/event-emitter` stops the application from starting.
 */
export class MailerSendHooks implements OnModuleInit {
  private readonly logger: Logger;
  private events?: MailEventSink;

  constructor(
    readonly mailerName: string,
    private readonly hooks: MailerHooks = {},
    private readonly eventsOption?: boolean,
    private readonly moduleRef?: ModuleRef,
  ) {
    this.logger = new Logger(isDefaultMailer(mailerName) ? 'Mailer' : `Mailer:${mailerName}`);
  }

  /** @throws SmtpError ECONFIG when `events: true` and `@nestjs/event-emitter` is missing or not registered. */
  async onModuleInit(): Promise<void> {
    if (this.moduleRef) this.events = await findMailEvents(this.moduleRef, this.eventsOption, this.mailerName);
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
      if (this.hooks.beforeSend) outgoing = (await this.hooks.beforeSend(message)) ?? message;
      info = await transport.sendMail(outgoing);
    } catch (error) {
      await this.observe('onError', () => this.hooks.onError?.(error, outgoing));
      this.emit(MAIL_FAILED_EVENT, { mailer: this.mailerName, message: outgoing, error } satisfies MailFailedEvent);
      throw error;
    }
    await this.observe('afterSend', () => this.hooks.afterSend?.(info, outgoing));
    this.emit(MAIL_SENT_EVENT, { mailer: this.mailerName, message: outgoing, info } satisfies MailSentEvent);
    return info;
  }

  /** Runs a hook that comes after the outcome: what it throws is logged, never passed to the caller. */
  private async observe(name: string, run: () => unknown): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.logger.error(`${name} hook threw: ${describe(err)}`, err instanceof Error ? err.stack : undefined);
    }
  }

  private emit(event: string, payload: MailSentEvent | MailFailedEvent): void {
    if (!this.events) return;
    try {
      this.events.emit(event, payload);
    } catch (err) {
      // A synchronous listener that throws must not turn a sent message into a failure.
      this.logger.error(`a ${event} listener threw: ${describe(err)}`, err instanceof Error ? err.stack : undefined);
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
