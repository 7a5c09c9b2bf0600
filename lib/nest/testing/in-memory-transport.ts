/** InMemoryTransport: the testing module's transport; composes each message fully and records it, no network. */
import { EventEmitter } from 'node:events';
import { buffer } from 'node:stream/consumers';
import { composeMessage } from '../../mime/compose.js';
import type { MailDefaults } from '../../mime/message.interface.js';
import { SmtpError, toSmtpError } from '../../core/errors.js';
import { validateEnvelope } from '../../core/envelope.js';
import { resolveOptions } from '../../transport/options.js';
import type { ResolvedSmtpOptions } from '../../transport/options.js';
import { deliverToCallback } from '../../transport/callback.js';
import type { CloseCallback, MailTransport, SendMailCallback, SentMessageInfo, SmtpTransportEvents, VerifyCallback } from '../../transport/mail-transport.js';
import { applyTemplate, type SendableMessage, type TemplateRenderer } from '../../transport/template-renderer.js';
import type { MailerTestingStore } from './mailer-testing.store.js';
import { readMessage } from '../../mime/read/read-message.js';

/**
 * The public surface of `SmtpTransport`, without a server: `sendMail` composes the message exactly as the real
 * transport would for a server offering neither 8BITMIME nor SMTPUTF8 (the strictest case), so bad input
 * fails here with the same `SmtpError` codes, then records it in the store.
 */
export class InMemoryTransport extends EventEmitter<SmtpTransportEvents> implements MailTransport {
  /** Engine defaults, as an untouched real transport would report them. */
  readonly options: ResolvedSmtpOptions = resolveOptions({});
  private closed = false;

  constructor(
    private readonly store: MailerTestingStore,
    private readonly defaults?: MailDefaults,
    private readonly templates?: TemplateRenderer<object>,
  ) {
    super();
  }

  /**
   * Composes and records a message. With a callback, returns nothing and calls it once instead, as the real
   * transport does.
   * @throws SmtpError EENVELOPE / EMESSAGE / ESTREAM for bad input, ECLOSED after `close()`.
   */
  sendMail(message: SendableMessage, callback?: undefined): Promise<SentMessageInfo>;
  sendMail(message: SendableMessage, callback: SendMailCallback): void;
  sendMail(message: SendableMessage, callback?: SendMailCallback): Promise<SentMessageInfo> | void {
    const result = this.deliver(message);
    if (callback) return deliverToCallback(result, callback);
    return result;
  }

  /**
   * Always succeeds while open: there is no server to reach. With a callback, returns nothing and calls it
   * once with `(null, true)`, or with ECLOSED after `close()`.
   * @throws SmtpError ECLOSED after `close()`.
   */
  verify(options?: { signal?: AbortSignal }): Promise<true>;
  verify(callback: VerifyCallback): void;
  verify(optionsOrCallback?: { signal?: AbortSignal } | VerifyCallback): Promise<true> | void {
    const checked = this.closed ? Promise.reject(new SmtpError('ECLOSED', 'the transport is closed')) : Promise.resolve(true as const);
    if (typeof optionsOrCallback === 'function') return deliverToCallback(checked, optionsOrCallback);
    return checked;
  }

  /** Compiles the templates, as the real transport does at startup. */
  async compileTemplates(): Promise<void> {
    await this.templates?.compile();
  }

  /** Stops intake; later sends and checks fail with ECLOSED. With a callback, returns nothing and calls it once with null. */
  close(): Promise<void>;
  close(callback: CloseCallback): void;
  close(callback?: CloseCallback): Promise<void> | void {
    this.closed = true;
    if (callback) return deliverToCallback(Promise.resolve(), callback);
    return Promise.resolve();
  }

  isIdle(): boolean {
    return !this.closed;
  }

  private async deliver(request: SendableMessage): Promise<SentMessageInfo> {
    if (this.closed) throw new SmtpError('ECLOSED', 'sendMail after close(): the transport is closed');
    const started = Date.now();
    const { message, use } = await applyTemplate(request, this.templates);
    let composed: ReturnType<typeof composeMessage>;
    try {
      composed = composeMessage(message, this.defaults);
    } catch (err) {
      throw toSmtpError(err, 'EMESSAGE');
    }
    const { envelope, messageId, stream } = composed;
    validateEnvelope(envelope);
    const raw = await buffer(stream).catch((err: unknown) => {
      throw toSmtpError(err, 'ESTREAM');
    });
    const read = readMessage(raw);
    this.store.record({
      envelope,
      messageId,
      ...(read.from !== undefined && { from: read.from }),
      to: read.to,
      cc: read.cc,
      replyTo: read.replyTo,
      ...(read.subject !== undefined && { subject: read.subject }),
      ...(read.text !== undefined && { text: read.text }),
      ...(read.html !== undefined && { html: read.html }),
      attachments: read.attachments,
      headers: read.headers,
      raw: raw.toString('utf8'),
      ...(use && { template: use }),
      sentAt: new Date(),
    });
    return {
      envelope: { from: envelope.from, to: [...envelope.to] },
      messageId,
      accepted: [...envelope.to],
      rejected: [],
      response: '250 2.0.0 Accepted (MailerTestingModule, in memory)',
      envelopeTime: 0,
      messageTime: Date.now() - started,
      messageSize: raw.length,
    };
  }
}
