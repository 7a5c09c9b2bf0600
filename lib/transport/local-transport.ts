/** LocalTransport: the MailTransport surface (sendMail, verify, close, callbacks) for transports with no server. */
import { EventEmitter } from 'node:events';
import { SmtpError } from '../core/errors.js';
import type { ComposeEnvironment } from '../mime/compose.js';
import { createRandomPool } from '../mime/ids.js';
import type { MailDefaults } from '../mime/message.interface.js';
import { createEngineLog, type EngineLog } from '../smtp/logger.js';
import { deliverToCallback } from './callback.js';
import { runBeforeCommit } from '../smtp/before-commit.js';
import type { CloseCallback, MailTransport, SendMailCallback, SendOptions, SentMessageInfo, SmtpTransportEvents, VerifyCallback } from './mail-transport.js';
import { prepareLocalMessage, type LocalMessage } from './local-message.js';
import { applyTemplate, type SendableMessage } from './template-renderer.js';
import type { ResolvedSmtpOptions } from './options.js';

/** What a local transport reports for one message it kept, wrote or logged. */
export interface LocalDelivery {
  /** Reads like the server's reply to the final dot: `250 2.0.0 ...`. */
  response: string;
  /** Octets of message content kept or written. */
  messageSize: number;
}

/**
 * The base of every transport that keeps a message in the process, writes it to disk or logs it: `sendMail`
 * checks and composes exactly as `SmtpTransport` does (defaults, staging options, access policy, DKIM), then
 * hands the message to `deliver`. Subclasses implement `deliver`, and `probe` when `verify` has something to check.
 */
export abstract class LocalTransport extends EventEmitter<SmtpTransportEvents> implements MailTransport {
  /** The options as validated, with defaults filled in. */
  readonly options: ResolvedSmtpOptions;
  /** Message fields applied under every message. */
  readonly defaults: MailDefaults;
  protected readonly log: EngineLog;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing?: Promise<void>;
  /** Boundaries and Message-IDs draw on one random pool per transport, as in SmtpTransport. */
  private readonly composeEnvironment: ComposeEnvironment = { randomBytes: createRandomPool() };

  constructor(options: ResolvedSmtpOptions, defaults: MailDefaults = {}) {
    super();
    this.options = options;
    this.defaults = defaults;
    this.log = createEngineLog(options.logger, options.debug);
  }

  /**
   * Composes one message and delivers it locally. With a callback, returns nothing and calls it once instead.
   * @throws SmtpError EENVELOPE / EMESSAGE / EFILEACCESS / EURLACCESS for bad input (nothing kept or written),
   *   ESTREAM when a content source or the destination fails, ECLOSED after `close()`.
   */
  sendMail(message: SendableMessage, callback?: undefined): Promise<SentMessageInfo>;
  sendMail(message: SendableMessage, callback: SendMailCallback): void;
  sendMail(message: SendableMessage, options: SendOptions): Promise<SentMessageInfo>;
  sendMail(message: SendableMessage, callbackOrOptions?: SendMailCallback | SendOptions): Promise<SentMessageInfo> | void {
    const callback = typeof callbackOrOptions === 'function' ? callbackOrOptions : undefined;
    const sending = this.track(this.send(message, typeof callbackOrOptions === 'object' ? callbackOrOptions : undefined));
    if (callback) return deliverToCallback(sending, callback);
    return sending;
  }

  /**
   * Resolves `true` while open and when the destination is usable (see `probe`). With a callback, returns
   * nothing and calls it once.
   * @throws SmtpError ECLOSED after `close()`, or what `probe` throws.
   */
  verify(options?: { signal?: AbortSignal }): Promise<true>;
  verify(callback: VerifyCallback): void;
  verify(optionsOrCallback?: { signal?: AbortSignal } | VerifyCallback): Promise<true> | void {
    const checked = this.check();
    if (typeof optionsOrCallback === 'function') return deliverToCallback(checked, optionsOrCallback);
    return checked;
  }

  /** Stops intake, lets sends under way finish, then resolves; later sends reject with ECLOSED. Never rejects. */
  close(): Promise<void>;
  close(callback: CloseCallback): void;
  close(callback?: CloseCallback): Promise<void> | void {
    // Nothing under way: settled at once, so a close callback comes before those of later calls, as on SmtpTransport.
    this.closing ??= this.inFlight.size === 0 ? Promise.resolve() : Promise.allSettled([...this.inFlight]).then(() => undefined);
    if (callback) return deliverToCallback(this.closing, callback);
    return this.closing;
  }

  /** Compiles the `templates` once, as the SMTP transport does (a no-op without them). */
  async compileTemplates(): Promise<void> {
    await this.options.templates?.compile();
  }

  /** Always, until `close()`: a local transport has no connection to wait for. */
  isIdle(): boolean {
    return !this.closing;
  }

  /** Keeps, writes or logs one checked message. */
  protected abstract deliver(message: LocalMessage): Promise<LocalDelivery>;

  /** What `verify` checks besides the transport being open; nothing by default. */
  protected async probe(): Promise<void> {}

  private async check(): Promise<true> {
    if (this.closing) throw closedError();
    await this.probe();
    return true;
  }

  private async send(request: SendableMessage, sendOptions?: SendOptions): Promise<SentMessageInfo> {
    if (this.closing) throw closedError();
    const started = Date.now();
    const { message, use } = await applyTemplate(request, this.options.templates);
    const local = prepareLocalMessage(message, this.defaults, this.options, this.composeEnvironment, use);
    // Keeping or writing the message is this transport's commit.
    if (sendOptions?.beforeCommit) await runBeforeCommit(sendOptions.beforeCommit, 'end');
    const { response, messageSize } = await this.deliver(local);
    return {
      envelope: { from: local.envelope.from, to: [...local.envelope.to] },
      messageId: local.messageId,
      accepted: [...local.envelope.to],
      rejected: [],
      response,
      envelopeTime: 0,
      messageTime: Date.now() - started,
      messageSize,
    };
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const forget = (): void => {
      this.inFlight.delete(work);
    };
    work.then(forget, forget);
    return work;
  }
}

function closedError(): SmtpError {
  return new SmtpError('ECLOSED', 'the transport is closed; create a new one to send more mail');
}
