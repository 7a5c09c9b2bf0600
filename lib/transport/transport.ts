/** createTransport and SmtpTransport: the engine's public face; sendMail, verify, close. */
import { EventEmitter } from 'node:events';
import { SmtpError, toSmtpError } from '../core/errors.js';
import { resolveOptions, type ResolvedSmtpOptions, type SmtpOptions } from './options.js';
import { createEngineLog, type EngineLog } from '../smtp/logger.js';
import { openConnection, type HandshakeDependencies, type TunnelOpener } from '../smtp/handshake.js';
import { runTransaction, type TransactionResult } from '../smtp/transaction.js';
import type { SmtpConnection } from '../smtp/connection.js';
import { Pool } from './pool.js';
import { MessageJob, loadDkimSigning, type DkimSigning } from './message-job.js';
import { classifyFailure } from './retry-policy.js';
import { resolveDsn } from '../smtp/commands.js';
import { OAuth2TokenProvider } from '../smtp/auth/oauth2-token.js';
import type { AccessPolicy, ComposeEnvironment } from '../mime/compose.js';
import { prepareWithPolicy } from './recipient-policy.js';
import { createRandomPool } from '../mime/ids.js';
import type { MailDefaults, MailMessage } from '../mime/message.interface.js';
import type { CloseCallback, MailTransport, SendMailCallback, SendOptions, SentMessageInfo, SmtpTransportEvents, VerifyCallback } from './mail-transport.js';
import { deliverToCallback, splitSendArgument } from './callback.js';
import { applyTemplate, type MessageFor, type SendableMessage, type TemplateRenderer } from './template-renderer.js';
import { FailoverTransport } from './failover-transport.js';
import type { FailoverOptions } from './failover-options.js';
import { describeAttempt, describeMessage, traceSend } from './diagnostics/send-trace.js';
import { traceConnect } from './diagnostics/connect-trace.js';
import type { SmtpSendEvent } from './diagnostics/channels.js';

/**
 * An SMTP transport. Without `pool`, every message gets its own connection, closed after it, as nodemailer's
 * SMTP transport does, with at most `maxConnections` open at once (the others wait in arrival order).
 */
export class SmtpTransport extends EventEmitter<SmtpTransportEvents> implements MailTransport {
  /** The options as validated, with defaults filled in. */
  readonly options: ResolvedSmtpOptions;
  /** Message fields applied under every message. */
  readonly defaults: MailDefaults;
  private readonly log: EngineLog;
  private readonly dependencies: HandshakeDependencies;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly pool: Pool<SmtpConnection, MessageJob, TransactionResult>;
  private closing?: Promise<void>;
  private readonly accessPolicy: AccessPolicy;
  /** The DKIM signing code, loaded with the first message when the transport signs. */
  private dkimSigning?: Promise<DkimSigning | undefined>;
  /** Boundaries and Message-IDs draw on one random pool per transport. */
  private readonly composeEnvironment: ComposeEnvironment = { randomBytes: createRandomPool() };

  constructor(options: ResolvedSmtpOptions, defaults: MailDefaults = {}) {
    super();
    this.options = options;
    this.defaults = defaults;
    this.log = createEngineLog(options.logger, options.debug);
    this.accessPolicy = { disableFileAccess: options.disableFileAccess, disableUrlAccess: options.disableUrlAccess };
    const auth = options.auth;
    this.dependencies = {
      tokens: auth?.type === 'oauth2' ? new OAuth2TokenProvider(auth, (event) => this.emit('token', event)) : undefined,
      openTunnel: options.proxy === undefined ? undefined : lazyTunnelOpener(options),
    };
    // Without `pool` the same queue serves, with one message per connection and no connection kept or retried;
    // `maxConnections` bounds the sessions open at once either way, so a burst of sends cannot flood the server.
    this.pool = new Pool({
      maxConnections: options.maxConnections,
      maxMessages: options.pool ? options.maxMessages : 1,
      keepIdle: options.pool,
      rateLimit: options.rateLimit,
      rateDeltaMs: options.rateDelta,
      open: () => this.openReportingIdleFailures(),
      // runTransaction itself fails a connection that a 421 or a socket error ended.
      // A transaction whose reply is in frees its place at once, while its verdict waits for the next reply.
      run: (connection, job, freeSlot) => {
        if (job.trace) describeAttempt(job.trace, connection.capabilities.chunking);
        return runTransaction(connection, job, freeSlot);
      },
      classify: (err, job, attempts, stage) => classifyFailure(err, job, attempts, stage, options.pool),
    });
    this.pool.on('idle', () => {
      if (!this.closing) this.emit('idle');
    });
  }

  /**
   * Sends one message. Resolves once the server accepted it for at least one recipient.
   *
   * With a callback (nodemailer's `sendMail(message, (err, info) => ...)`), returns nothing and calls it once
   * instead, on a later tick; no promise is left that could reject unhandled. With `{ beforeCommit }` instead,
   * runs that step right before the message is committed (see `SendOptions`).
   * @throws SmtpError (as a rejection or to the callback, never synchronously) with the code and phase of the failure.
   * @example
   * const info = await transport.sendMail({ from: 'app@example.com', to: 'user@example.com', subject: 'Hi', text: 'Hello' });
   */
  sendMail(message: SendableMessage, callback?: undefined): Promise<SentMessageInfo>;
  sendMail(message: SendableMessage, callback: SendMailCallback): void;
  sendMail(message: SendableMessage, options: SendOptions): Promise<SentMessageInfo>;
  sendMail(message: SendableMessage, callbackOrOptions?: SendMailCallback | SendOptions): Promise<SentMessageInfo> | void {
    const { callback, options } = splitSendArgument(callbackOrOptions);
    const sending = this.track(traceSend(this.options, (trace) => this.send(message, options, trace)));
    if (callback) return deliverToCallback(sending, callback);
    return sending;
  }

  /**
   * Opens a session (DNS, connect, greeting, EHLO, STARTTLS, AUTH) and QUITs; sends no message. Resolves `true`.
   *
   * With a callback instead of options (nodemailer's `verify((error, success) => ...)`), returns nothing and
   * calls it once, with the SmtpError or with `(null, true)`, on a later tick.
   * @param options.signal aborts the check (ETIMEDOUT) and closes whatever it had opened, e.g. for a health
   *   probe with its own deadline
   * @throws SmtpError (as a rejection or to the callback) with the phase that failed; ECLOSED after `close()`.
   * @example
   * transport.verify((error) => console.log(error ? `SMTP not ready: ${error.code}` : 'SMTP ready'));
   */
  verify(options?: { signal?: AbortSignal }): Promise<true>;
  verify(callback: VerifyCallback): void;
  verify(optionsOrCallback: { signal?: AbortSignal } | VerifyCallback = {}): Promise<true> | void {
    if (typeof optionsOrCallback === 'function') return deliverToCallback(this.check(), optionsOrCallback);
    return this.check(optionsOrCallback.signal);
  }

  /**
   * Compiles the `templates` once (a no-op without them). Sends compile on first use; call this at startup
   * to fail there instead, as the Nest module does.
   * @throws SmtpError ECONFIG naming the template file at fault.
   */
  async compileTemplates(): Promise<void> {
    await this.options.templates?.compile();
  }

  /** Whether a message sent now would start at once (the pool has a free or openable connection). */
  isIdle(): boolean {
    return !this.closing && this.pool.isIdle();
  }

  /**
   * Graceful close: queued and in-flight messages are delivered (with their retries), then every connection
   * QUITs. Later sendMail calls reject with ECLOSED. Calling it again returns the same promise. Never rejects.
   *
   * nodemailer's `close()` returns nothing; awaiting ours, or passing a callback (called once with null, then
   * nothing is returned), tells when every connection has closed.
   */
  close(): Promise<void>;
  close(callback: CloseCallback): void;
  close(callback?: CloseCallback): Promise<void> | void {
    this.closing ??= Promise.allSettled([...this.inFlight]).then(() => this.pool.drainAndClose());
    if (callback) return deliverToCallback(this.closing, callback);
    return this.closing;
  }

  private async check(signal?: AbortSignal): Promise<true> {
    if (this.closing) throw closedError();
    // Tracked up to its QUIT, so that close() does not resolve while the session is still open.
    return this.track(this.openAndQuit(signal));
  }

  private async send(message: SendableMessage, sendOptions?: SendOptions, trace?: SmtpSendEvent): Promise<SentMessageInfo> {
    if (this.closing) throw closedError();
    const dkim = this.options.dkim ? await (this.dkimSigning ??= loadDkimSigning(this.options.dkim)) : undefined;
    const job = this.prepare(message.template === undefined ? message : (await applyTemplate(message, this.options.templates)).message, dkim);
    if (sendOptions?.beforeCommit) job.beforeCommit = sendOptions.beforeCommit;
    if (trace) {
      describeMessage(trace, job.messageId, job.envelope);
      job.trace = trace;
    }
    // close() may have begun while the template rendered.
    if (this.closing) throw closedError();
    const result = await this.pool.submit(job);
    this.log.debug(`message ${job.messageId} accepted: ${result.response}`);
    return {
      envelope: job.envelope,
      messageId: job.messageId,
      accepted: result.accepted,
      rejected: result.rejected,
      ...(result.rejectedErrors.length > 0 ? { rejectedErrors: result.rejectedErrors } : {}),
      response: result.response,
      envelopeTime: result.envelopeTime,
      messageTime: result.messageTime,
      messageSize: result.messageSize,
    };
  }

  private async openAndQuit(signal: AbortSignal | undefined): Promise<true> {
    const connection = await traceConnect(this.options, false, () => openConnection(this.options, this.log, this.dependencies, signal));
    await connection.quit();
    return true;
  }

  /** Opens a connection; a pooled one that fails while idle is reported as `error`, when anyone listens. */
  private async openReportingIdleFailures(): Promise<SmtpConnection> {
    const connection = await traceConnect(this.options, this.options.pool, () => openConnection(this.options, this.log, this.dependencies));
    connection.on('failed', (err: SmtpError) => {
      if (connection.activeTransactions === 0 && this.listenerCount('error') > 0) this.emit('error', err);
    });
    return connection;
  }

  /** Everything that can be refused without the server, refused before connecting. */
  private prepare(message: MailMessage, dkim: DkimSigning | undefined): MessageJob {
    try {
      // Validates the envelope, with redirectTo and allowRecipients applied: EENVELOPE before any connection.
      const prepared = prepareWithPolicy(message, this.defaults, this.options, this.accessPolicy, this.composeEnvironment);
      return new MessageJob(prepared, resolveDsn(prepared.dsn), dkim);
    } catch (err) {
      throw toSmtpError(err, 'EMESSAGE');
    }
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

/**
 * The proxy opener, its code (HTTP CONNECT, SOCKS, a dozen files) loaded with the first connection that goes
 * through the proxy: an app without a proxy never loads it.
 */
function lazyTunnelOpener(options: ResolvedSmtpOptions): TunnelOpener {
  let opener: Promise<TunnelOpener> | undefined;
  return async (target, timeoutMs) => {
    opener ??= import('./proxy-tunnel.js').then((module) => module.createTunnelOpener(options));
    return (await opener)(target, timeoutMs);
  };
}

function closedError(): SmtpError {
  return new SmtpError('ECLOSED', 'the transport is closed; create a new one to send more mail');
}

/**
 * An `SmtpTransport` whose `sendMail` knows its templates: a name the template map lacks, or a context of the
 * wrong shape, is a compile error. What `createTransport` returns for typed `templates`; still an `SmtpTransport`
 * wherever one is expected. Types only: the object is an `SmtpTransport`.
 */
export interface TypedSmtpTransport<Templates extends object> extends SmtpTransport {
  sendMail(message: MessageFor<Templates>, callback?: undefined): Promise<SentMessageInfo>;
  sendMail(message: MessageFor<Templates>, callback: SendMailCallback): void;
  sendMail(message: MessageFor<Templates>, options: SendOptions): Promise<SentMessageInfo>;
}

/**
 * Creates an SMTP transport from options or a connection URL (`smtp://user:pass@host:587`).
 *
 * With `templates` whose names and contexts are known (`functionTemplates(...)`,
 * `handlebarsTemplates<Contexts>(...)`), the transport's `sendMail` takes only those names, each with its context.
 * @throws SmtpError ECONFIG at once for a bad option or URL, never at first send.
 * @example
 * const transport = createTransport({ host: 'smtp.example.com', auth: { user: 'me', pass: 'secret' } }, { from: 'me@example.com' });
 */
export function createTransport<Templates extends object>(
  options: SmtpOptions & { templates: TemplateRenderer<Templates> },
  defaults?: MailDefaults,
): TypedSmtpTransport<Templates>;
export function createTransport(options: SmtpOptions | string, defaults?: MailDefaults): SmtpTransport;
/**
 * Creates a failover transport over several SMTP servers (options or URLs), the first being the primary: a message
 * moves to the next one only while it certainly was not sent (see {@link FailoverTransport}).
 * @throws SmtpError ECONFIG at once for an empty list, a bad option or URL (naming its position), or a bad failover option.
 * @example
 * const transport = createTransport(['smtps://u:p@primary.example.com', 'smtps://u:p@backup.example.com'], { from: 'app@example.com' }, { cooldownMs: 60_000 });
 */
export function createTransport(options: ReadonlyArray<SmtpOptions | string>, defaults?: MailDefaults, failover?: FailoverOptions): FailoverTransport;
export function createTransport(
  options: SmtpOptions | string | ReadonlyArray<SmtpOptions | string>,
  defaults?: MailDefaults,
  failover?: FailoverOptions,
): SmtpTransport | FailoverTransport {
  if (isTransportList(options)) {
    const transports = options.map((entry, index) => {
      try {
        return new SmtpTransport(resolveOptions(entry), defaults);
      } catch (err) {
        throw toSmtpError(err, 'ECONFIG').with({ message: `transport ${index}: ${(err as Error).message}` });
      }
    });
    return new FailoverTransport(transports, failover);
  }
  if (failover !== undefined) throw new SmtpError('ECONFIG', 'failover options need a list of transports: createTransport([primary, backup], defaults, failover)');
  return new SmtpTransport(resolveOptions(options), defaults);
}

function isTransportList(options: unknown): options is ReadonlyArray<SmtpOptions | string> {
  return Array.isArray(options);
}
