/** FailoverTransport: several transports behind one; a message moves on only while it certainly was not sent. */
import { EventEmitter } from 'node:events';
import { SmtpError } from '../core/errors.js';
import { createEngineLog, type EngineLog } from '../smtp/logger.js';
import { deliverToCallback, splitSendArgument } from './callback.js';
import { classifyFailoverFailure } from './failover-policy.js';
import { resolveFailoverOptions, type FailoverEvent, type FailoverOptions, type ResolvedFailoverOptions } from './failover-options.js';
import type { CloseCallback, MailTransport, SendMailCallback, SendOptions, SentMessageInfo, SmtpTransportEvents, TransportRef, VerifyCallback } from './mail-transport.js';
import type { ResolvedSmtpOptions } from './options.js';
import type { SendableMessage } from './template-renderer.js';

interface Member {
  readonly transport: MailTransport;
  readonly ref: TransportRef;
  /** Epoch milliseconds until which it is passed over; 0 when it is not resting. */
  restingUntil: number;
}

/**
 * Sends through the first of several transports that can take a message. A message moves to the next transport
 * only when it failed with `delivery: 'not-sent'` and trying elsewhere can help: the transport could not be used
 * (connection, timeout, DNS, TLS, AUTH, protocol), or its server refused the message (see `onRefusal`). An
 * `uncertain` failure (the final dot went out unanswered) is reported and never sent again elsewhere, and neither
 * is a message our own checks refused. A transport that could not be used rests for `cooldownMs`, and is then
 * tried again; while resting it is still tried, last, when every other transport fails.
 *
 * `options` (and so the Nest `MAILER_OPTIONS`) are the first transport's. `verify()` resolves when any transport
 * can be reached; `close()` closes them all once the messages under way are sent.
 * @example
 * const mail = createTransport(['smtps://u:p@primary.example.com', 'smtps://u:p@backup.example.com'], { from: 'app@example.com' });
 * const info = await mail.sendMail({ to: 'ann@example.com', subject: 'Hi', text: 'Hello' });
 * console.log(info.transport); // { index: 1, name: 'backup.example.com:465' } when the primary was down
 */
export class FailoverTransport extends EventEmitter<SmtpTransportEvents> implements MailTransport {
  /** The failover options, defaults filled in. */
  readonly failover: ResolvedFailoverOptions;
  private readonly members: Member[];
  private readonly log: EngineLog;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing?: Promise<void>;
  /** Where the next round-robin message starts. */
  private turn = 0;

  /**
   * @param names one per transport, for `SentMessageInfo.transport` and logs; `host:port` when left out
   * @throws SmtpError ECONFIG for an empty list or a bad failover option.
   */
  constructor(transports: readonly MailTransport[], options?: FailoverOptions, names: readonly string[] = []) {
    super();
    if (transports.length === 0) throw new SmtpError('ECONFIG', 'a failover transport needs at least one transport');
    this.failover = resolveFailoverOptions(options);
    this.members = transports.map((transport, index) => ({
      transport,
      ref: { index, name: names[index] ?? `${transport.options.host}:${transport.options.port}` },
      restingUntil: 0,
    }));
    this.log = createEngineLog(transports[0].options.logger, false);
    for (const { transport } of this.members) this.forwardEvents(transport);
  }

  /** The first transport's options, as validated. */
  get options(): ResolvedSmtpOptions {
    return this.members[0].transport.options;
  }

  /** The transports, in the order given. */
  get transports(): readonly MailTransport[] {
    return this.members.map((member) => member.transport);
  }

  /**
   * Sends through the first transport that takes the message (see the class for when it moves on). The info
   * says which one did, in `transport`. `{ beforeCommit }` goes to each transport tried (a step that ran for one
   * that then failed `not-sent` runs again for the next).
   * @throws SmtpError of the last transport tried, its message prefixed with that transport's name; ECLOSED after `close()`.
   */
  sendMail(message: SendableMessage, callback?: undefined): Promise<SentMessageInfo>;
  sendMail(message: SendableMessage, callback: SendMailCallback): void;
  sendMail(message: SendableMessage, options: SendOptions): Promise<SentMessageInfo>;
  sendMail(message: SendableMessage, callbackOrOptions?: SendMailCallback | SendOptions): Promise<SentMessageInfo> | void {
    const { callback, options } = splitSendArgument(callbackOrOptions);
    const sending = this.track(this.send(message, options));
    if (callback) return deliverToCallback(sending, callback);
    return sending;
  }

  /**
   * Resolves `true` as soon as any transport verifies (a backup that works means mail still goes out). Every
   * transport is checked at once; one that cannot be reached rests, as after a failed send.
   * @throws SmtpError the first transport's error when none can be reached; ECLOSED after `close()`.
   */
  verify(options?: { signal?: AbortSignal }): Promise<true>;
  verify(callback: VerifyCallback): void;
  verify(optionsOrCallback: { signal?: AbortSignal } | VerifyCallback = {}): Promise<true> | void {
    if (typeof optionsOrCallback === 'function') return deliverToCallback(this.check(), optionsOrCallback);
    return this.check(optionsOrCallback.signal);
  }

  /** Closes every transport once the messages under way are sent (or failed over). Never rejects. */
  close(): Promise<void>;
  close(callback: CloseCallback): void;
  close(callback?: CloseCallback): Promise<void> | void {
    this.closing ??= Promise.allSettled([...this.inFlight]).then(async () => {
      await Promise.all(this.members.map(({ transport }) => transport.close()));
    });
    if (callback) return deliverToCallback(this.closing, callback);
    return this.closing;
  }

  /** Compiles each transport's templates, once per renderer. @throws SmtpError ECONFIG naming the template file at fault. */
  async compileTemplates(): Promise<void> {
    // The Nest layer gives every transport of a list the same renderer: compiling it once is enough.
    const compiled = new Set<unknown>();
    for (const { transport } of this.members) {
      const renderer = transport.options.templates;
      if (renderer && compiled.has(renderer)) continue;
      compiled.add(renderer);
      await transport.compileTemplates();
    }
  }

  /** Whether some transport could start a message now. */
  isIdle(): boolean {
    return !this.closing && this.members.some(({ transport }) => transport.isIdle());
  }

  private async send(message: SendableMessage, sendOptions: SendOptions = {}): Promise<SentMessageInfo> {
    if (this.closing) throw closedError();
    const order = this.attemptOrder();
    for (let attempt = 0; ; attempt += 1) {
      const member = order[attempt];
      try {
        const info = await member.transport.sendMail(message, sendOptions);
        member.restingUntil = 0;
        return { ...info, transport: { ...member.ref } };
      } catch (err) {
        const verdict = classifyFailoverFailure(err, message);
        const resting = verdict === 'unusable' && this.rest(member);
        const next = order[attempt + 1];
        const movesOn = next !== undefined && (verdict === 'unusable' || (verdict === 'refused' && this.failover.onRefusal === 'next'));
        if (!movesOn) throw describeFailure(err, member, attempt + 1);
        const error = err as SmtpError;
        this.log.warn(`not sent through transport ${member.ref.index} (${member.ref.name}): ${error.code} ${error.message}; trying transport ${next.ref.index} (${next.ref.name})`);
        this.notify({ from: { ...member.ref }, to: { ...next.ref }, error, resting });
      }
    }
  }

  /**
   * The transports in the order this message tries them: by strategy, the resting ones moved to the end
   * (soonest back first) so that a message is never refused without every transport tried.
   */
  private attemptOrder(): Member[] {
    const start = this.failover.strategy === 'round-robin' ? this.turn++ % this.members.length : 0;
    const rotated = [...this.members.slice(start), ...this.members.slice(0, start)];
    const now = Date.now();
    const ready = rotated.filter((member) => member.restingUntil <= now);
    const resting = rotated.filter((member) => member.restingUntil > now).sort((a, b) => a.restingUntil - b.restingUntil);
    return [...ready, ...resting];
  }

  /** Lets a transport that could not be used rest; returns whether it does (not with `cooldownMs: 0`). */
  private rest(member: Member): boolean {
    if (this.failover.cooldownMs === 0) return false;
    member.restingUntil = Date.now() + this.failover.cooldownMs;
    return true;
  }

  /** Tells `onFailover`; what it throws is logged, never allowed to stop the message moving on. */
  private notify(event: FailoverEvent): void {
    try {
      this.failover.onFailover?.(event);
    } catch (err) {
      this.log.error(`onFailover threw: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async check(signal?: AbortSignal): Promise<true> {
    if (this.closing) throw closedError();
    const checks = this.members.map((member) =>
      this.track(member.transport.verify({ signal })).then(
        () => {
          member.restingUntil = 0;
          return true as const;
        },
        (err: unknown) => {
          // A check cut short by its caller's deadline says nothing certain about the server: no rest for it.
          if (!signal?.aborted && classifyFailoverFailure(err, {}) === 'unusable') this.rest(member);
          throw describeFailure(err, member, 1);
        },
      ),
    );
    try {
      return await Promise.any(checks);
    } catch (err) {
      throw (err as AggregateError).errors[0];
    }
  }

  private forwardEvents(transport: MailTransport): void {
    transport.on('idle', () => {
      if (!this.closing) this.emit('idle');
    });
    transport.on('token', (event) => this.emit('token', event));
    // A listener here makes each transport report its idle failures; they reach ours only when someone listens.
    transport.on('error', (err) => {
      if (this.listenerCount('error') > 0) this.emit('error', err);
    });
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

/** The failure as reported: the same code and fields, the message naming the transport (and how many were tried). */
function describeFailure(err: unknown, member: Member, attempts: number): SmtpError {
  const failure = err instanceof SmtpError ? err : new SmtpError('ESOCKET', String(err), { cause: err });
  const tried = attempts > 1 ? `${attempts} transports tried; last ` : '';
  return failure.with({ message: `${tried}transport ${member.ref.index} (${member.ref.name}): ${failure.message}` });
}

function closedError(): SmtpError {
  return new SmtpError('ECLOSED', 'the transport is closed; create a new one to send more mail');
}
