/** Opening a session: DNS, connect, implicit TLS, greeting, EHLO/HELO, STARTTLS, AUTH. */
import type { Socket } from 'node:net';
import { SmtpError } from '../core/errors.js';
import { SmtpConnection } from './connection.js';
import { parseCapabilities } from './capabilities.js';
import { replyText, type SmtpReply } from './reply-parser.js';
import * as commands from './commands.js';
import { closingChannelError } from './reply-errors.js';
import { connectTcp, isLoopbackAddress, resolveHost, upgradeToTls } from './socket.js';
import type { AccessTokenSource } from './auth/select.js';
import { AUTH_CONTINUE } from './auth/mechanism.js';
import type { SessionOptions } from './session-options.js';
import type { EngineLog } from './logger.js';

/** A server that keeps answering 334 is never going to finish the exchange (docs/reliability.md F13). */
const MAX_AUTH_CHALLENGES = 5;

/** How a session reaches the server when a proxy is configured. */
export type TunnelOpener = (target: { host: string; port: number }, timeoutMs: number) => Promise<Socket>;

export interface HandshakeDependencies {
  tokens?: AccessTokenSource;
  /** Opens the TCP path through a proxy; set when `proxy` is configured. */
  openTunnel?: TunnelOpener;
}

/**
 * Opens a connection ready for MAIL: connected, greeted, EHLO'd, TLS when required or offered, authenticated.
 * @throws SmtpError with the phase it failed in; the connection is destroyed on failure.
 */
export async function openConnection(
  options: SessionOptions,
  log: EngineLog,
  dependencies: HandshakeDependencies = {},
  signal?: AbortSignal,
): Promise<SmtpConnection> {
  const connection = new SmtpConnection(options.host, log, {
    greetingTimeoutMs: options.greetingTimeout,
    socketTimeoutMs: options.socketTimeout,
  });
  // Aborting fails the connection and settles at once; a step still under way (DNS, connect) finds the
  // connection failed when it completes, and closes the socket it got.
  let rejectAborted!: (err: SmtpError) => void;
  const aborted = new Promise<never>((_, reject) => (rejectAborted = reject));
  aborted.catch(() => undefined);
  const onAbort = (): void => {
    connection.fail(new SmtpError('ETIMEDOUT', `opening a session with ${options.host} was aborted`));
    rejectAborted(connection.failure as SmtpError);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal?.aborted) onAbort();
    const handshake = runHandshake(connection, options, dependencies);
    handshake.catch(() => undefined);
    await Promise.race([handshake, aborted]);
    // A surplus reply after the last step's reply fails the connection without failing that step: never hand
    // out a connection that is already broken (a pool would wait for a close event that has already gone).
    connection.assertUsable();
    const caps = connection.capabilities;
    // Transactions can overlap only when every one goes out in one write and is answered in order.
    connection.setConcurrency(caps.pipelining && caps.chunking ? options.maxTransactionsInFlight : 1);
    connection.setPhase('ready');
    return connection;
  } catch (err) {
    const failure = err instanceof SmtpError ? err : new SmtpError('ESOCKET', String(err), { cause: err });
    connection.fail(failure);
    throw connection.failure ?? failure;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

async function runHandshake(connection: SmtpConnection, options: SessionOptions, dependencies: HandshakeDependencies): Promise<void> {
  const started = Date.now();
  let socket: Socket;
  if (dependencies.openTunnel) {
    connection.setPhase('connect');
    socket = await dependencies.openTunnel({ host: options.host, port: options.port }, options.connectionTimeout);
  } else {
    connection.setPhase('dns');
    const addresses = await resolveHost(options.host, { dnsTimeoutMs: options.dnsTimeout, lookup: options.lookup });
    connection.assertUsable();
    connection.setPhase('connect');
    socket = await connectTcp({
      host: options.host,
      port: options.port,
      addresses,
      localAddress: options.localAddress,
      timeoutMs: Math.max(1, options.connectionTimeout),
    });
  }
  if (connection.failure) {
    socket.destroy();
    throw connection.failure;
  }
  if (options.secure) {
    const timeoutMs = Math.max(1, options.connectionTimeout - (Date.now() - started));
    socket = await upgradeToTls(socket, { host: options.host, tls: options.tls, timeoutMs, phase: 'connect' });
  }
  connection.attach(socket, options.secure);
  connection.log.debug(`connected to ${options.host}:${options.port}${options.secure ? ' (TLS)' : ''}`);

  connection.setPhase('greeting');
  checkGreeting(await connection.awaitGreeting(), options.host);
  await hello(connection, options);
  await secureIfNeeded(connection, options);
  if (options.auth) {
    connection.setPhase('auth');
    assertAuthAllowed(connection, options, dependencies.openTunnel !== undefined);
    // The mechanisms load with the first AUTH: a relay without credentials never loads them.
    const { authenticate } = await import('./auth/select.js');
    await authenticate(authExchange(connection), options, connection.capabilities, dependencies.tokens);
    connection.log.debug(`authenticated as ${options.auth.user ?? options.auth.type}`);
  }
}

function checkGreeting(reply: SmtpReply, host: string): void {
  if (reply.code === 220) return;
  // RFC 5321 §3.1: 554 (or 421) in place of 220 means the server will not talk to us.
  const code = reply.code === 421 || reply.code === 554 ? 'ECONNECTION' : 'EPROTOCOL';
  throw new SmtpError(code, `${host} refused the session: ${reply.code} ${replyText(reply)}`, {
    responseCode: reply.code,
    enhancedStatus: reply.enhancedStatus,
    response: reply.raw,
    phase: 'greeting',
  });
}


/** EHLO, falling back to HELO when the server does not know EHLO (RFC 5321 §3.2). */
async function hello(connection: SmtpConnection, options: SessionOptions): Promise<void> {
  connection.setPhase('ehlo');
  const ehloCommand = commands.ehlo(options.name);
  const reply = await connection.send(ehloCommand);
  if (reply.code === 250) {
    connection.setCapabilities(parseCapabilities(reply));
    return;
  }
  if (reply.code === 421) throw closingChannelError(reply, ehloCommand, options.host);
  const heloCommand = commands.helo(options.name);
  const heloReply = await connection.send(heloCommand);
  if (heloReply.code === 421) throw closingChannelError(heloReply, heloCommand, options.host);
  if (heloReply.code !== 250) {
    throw new SmtpError('EPROTOCOL', `${options.host} refused EHLO and HELO: ${heloReply.code} ${replyText(heloReply)}`, {
      responseCode: heloReply.code,
      response: heloReply.raw,
      command: heloCommand,
      phase: 'ehlo',
    });
  }
  connection.forgetCapabilities();
}

/** STARTTLS when offered (unless ignoreTLS), mandatory with requireTLS; never falls back to plaintext. */
async function secureIfNeeded(connection: SmtpConnection, options: SessionOptions): Promise<void> {
  if (connection.secure || options.ignoreTLS) return;
  if (!connection.capabilities.startTls) {
    if (options.requireTLS) {
      throw new SmtpError('ETLS', `requireTLS is set but ${options.host} does not offer STARTTLS; nothing was sent`, { phase: 'starttls' });
    }
    return;
  }
  connection.setPhase('starttls');
  const reply = await connection.send('STARTTLS');
  if (reply.code !== 220) {
    if (reply.code === 421) throw closingChannelError(reply, 'STARTTLS', options.host);
    throw new SmtpError('ETLS', `${options.host} refused STARTTLS: ${reply.code} ${replyText(reply)}`, {
      responseCode: reply.code,
      enhancedStatus: reply.enhancedStatus,
      response: reply.raw,
      command: 'STARTTLS',
      phase: 'starttls',
    });
  }
  const plain = connection.detachForUpgrade();
  const secureSocket = await upgradeToTls(plain, {
    host: options.host,
    tls: options.tls,
    timeoutMs: Math.max(1, options.connectionTimeout),
    phase: 'starttls',
  });
  connection.attach(secureSocket, true);
  // RFC 3207 §4.2: everything learnt before TLS is forgotten, so ask again.
  connection.forgetCapabilities();
  await hello(connection, options);
}

/**
 * Credentials only travel encrypted, or to a loopback peer (the rule of Go's net/smtp), unless the user
 * opts in. The check reads the connected socket's address, never the host string; a proxied peer is never trusted.
 */
function assertAuthAllowed(connection: SmtpConnection, options: SessionOptions, viaProxy: boolean): void {
  if (connection.secure || options.allowInsecureAuth) return;
  if (!viaProxy && isLoopbackAddress(connection.remoteAddress)) return;
  if (options.requireTLS) {
    throw new SmtpError('ETLS', `requireTLS is set but the connection to ${options.host} is not encrypted`, { phase: 'auth' });
  }
  throw new SmtpError(
    'EAUTH',
    `refusing AUTH over an unencrypted connection to ${options.host}; use TLS (secure: true, or a server that offers STARTTLS) or set allowInsecureAuth: true`,
    { phase: 'auth' },
  );
}

/** The AUTH exchange over this connection: 421 closes, and endless challenges are cut off. */
function authExchange(connection: SmtpConnection) {
  let challenges = 0;
  return {
    async send(line: string, { secret = false }: { secret?: boolean } = {}): Promise<SmtpReply> {
      const reply = await connection.send({ line, secret });
      if (reply.code === 421) throw closingChannelError(reply, secret ? 'AUTH' : line, connection.host);
      if (reply.code === AUTH_CONTINUE && ++challenges > MAX_AUTH_CHALLENGES) {
        throw new SmtpError('EAUTH', `the server sent more than ${MAX_AUTH_CHALLENGES} AUTH challenges`, { phase: 'auth', responseCode: reply.code });
      }
      return reply;
    },
  };
}
