/** A real `smtp-server` on a local address, port 0, that records every message, command and session for assertions. */
import { readFileSync } from 'node:fs';
import type net from 'node:net';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerAddress, SMTPServerOptions, SMTPServerSession } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');

/** The test-only key and certificate (self-signed for localhost and 127.0.0.1); clients trust it with `tls: { ca }`. */
export const FIXTURE_KEY = fixture('localhost.key.pem');
export const FIXTURE_CERT = fixture('localhost.cert.pem');

/** How the server offers TLS: not at all, STARTTLS, or from the first byte. */
export type SmtpServerMode = 'plain' | 'starttls' | 'tls';

/** Credentials the server accepts. PLAIN/LOGIN/CRAM-MD5 check `user`/`pass`; XOAUTH2 checks `user`/`accessToken`. */
export interface TestServerAuth {
  user: string;
  pass?: string;
  /**
   * The XOAUTH2 token accepted, or a function giving the one accepted at the moment of each attempt (a token
   * that rotates). Any other token is refused the way Gmail does: 334 with a base64 JSON error, then 535.
   */
  accessToken?: string | (() => string | undefined);
  /** Refuse MAIL until the client authenticated (smtp-server `authOptional: false`). @defaultValue true */
  required?: boolean;
  /** Mechanisms offered. @defaultValue ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'] */
  methods?: string[];
}

/** A reply code for a refused recipient, or `false`/`undefined` to accept it. */
export type RecipientVerdict = number | false | undefined;

export interface TestSmtpServerOptions {
  /** @defaultValue 'plain' */
  mode?: SmtpServerMode;
  /** Address to listen on. @defaultValue '127.0.0.1' */
  host?: string;
  auth?: TestServerAuth;
  /** Advertised SIZE limit; oversized messages are refused with 552. */
  size?: number;
  /** Recipients to refuse: a list (answered with `rejectCode`) or a function returning a code per address (index: 0-based RCPT count in the transaction). */
  rejectRecipients?: string[] | ((address: string, index: number) => RecipientVerdict);
  /** @defaultValue 550 */
  rejectCode?: number;
  /** Reply to the final dot with this error instead of accepting the message. */
  rejectData?: { code: number; message: string };
  hideSTARTTLS?: boolean;
  hidePIPELINING?: boolean;
  hide8BITMIME?: boolean;
  hideSMTPUTF8?: boolean;
  hideSize?: boolean;
  /** smtp-server hides DSN by default; pass `false` to offer it. @defaultValue true */
  hideDSN?: boolean;
  /** smtp-server hides ENHANCEDSTATUSCODES by default; pass `false` to offer it. @defaultValue true */
  hideENHANCEDSTATUSCODES?: boolean;
  /** Server side: accept AUTH before TLS (the client's own rule is what tests check). @defaultValue true */
  allowInsecureAuth?: boolean;
  /** Anything else passed straight to `new SMTPServer` (wins over the above). */
  serverOptions?: Partial<SMTPServerOptions>;
}

/** One message as the server received it. */
export interface ReceivedMessage {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  mailFrom: SMTPServerAddress | false;
  rcptTo: SMTPServerAddress[];
  /** Parameters given with MAIL FROM (`SIZE`, `BODY`, `SMTPUTF8`, `RET`, `ENVID`...), upper-case keys. */
  mailParams: Record<string, string | true>;
  /** Parameters given with each RCPT TO, in order. */
  rcptParams: Array<Record<string, string | true>>;
  secure: boolean;
  user: unknown;
  sessionId: string;
  remoteAddress: string;
}

/** One authentication attempt that reached `onAuth` (the password itself is not kept). */
export interface AuthAttempt {
  method: string;
  username?: string;
  accepted: boolean;
  secure: boolean;
}

/** One command line as smtp-server logged it (AUTH payloads already replaced by `/* secured *\/`). */
export interface LoggedCommand {
  connectionId: string;
  command: string;
  line: string;
}

export interface TestSmtpServer {
  host: string;
  port: number;
  /** The fixture certificate, for clients: `tls: { ca }`. */
  ca: string;
  messages: ReceivedMessage[];
  authAttempts: AuthAttempt[];
  /** Every command line received, in order (continuation lines of AUTH show as `AUTH /* secured *\/`). */
  commands: LoggedCommand[];
  /** Raw bytes received on each TCP connection before any TLS (plaintext dialogue; ciphertext after TLS is not kept). */
  wire: Buffer[][];
  /** Number of TCP connections accepted. */
  connectionCount(): number;
  /** The recorded plaintext bytes of every connection, concatenated, as latin1 text. */
  wireText(): string;
  parse(index?: number): Promise<ParsedMail>;
  /** Resolves once a message has arrived (or rejects after `timeoutMs`). */
  waitForMessages(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  server: SMTPServer;
}

/** Starts a real smtp-server for one test; always `close()` it in afterEach. */
export async function startSmtpServer(opts: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const state = newState();
  const server = new SMTPServer(buildOptions(opts, state));
  server.on('error', () => {});
  trackSockets(server, state);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address() as net.AddressInfo;
  return {
    host,
    port: address.port,
    ca: FIXTURE_CERT,
    messages: state.messages,
    authAttempts: state.authAttempts,
    commands: state.commands,
    wire: state.wire,
    connectionCount: () => state.wire.length,
    wireText: () => state.wire.map((chunks) => Buffer.concat(chunks).toString('latin1')).join(''),
    parse: (index = 0) => parseMessage(state.messages, index),
    waitForMessages: (count, timeoutMs = 2000) => waitFor(() => state.messages.length >= count, timeoutMs),
    close: () => closeServer(server, state),
    server,
  };
}

interface ServerState {
  messages: ReceivedMessage[];
  authAttempts: AuthAttempt[];
  commands: LoggedCommand[];
  wire: Buffer[][];
  sockets: Set<net.Socket>;
  /** RCPT commands seen per session and transaction, accepted or not. */
  rcptCounts: Map<string, number>;
}

function newState(): ServerState {
  return { messages: [], authAttempts: [], commands: [], wire: [], sockets: new Set(), rcptCounts: new Map() };
}

function buildOptions(opts: TestSmtpServerOptions, state: ServerState): SMTPServerOptions {
  const mode = opts.mode ?? 'plain';
  const auth = opts.auth;
  const base: SMTPServerOptions = {
    secure: mode === 'tls',
    key: FIXTURE_KEY,
    cert: FIXTURE_CERT,
    name: 'mx.test',
    disabledCommands: [...(mode === 'plain' ? ['STARTTLS'] : []), ...(auth ? [] : ['AUTH'])],
    authOptional: auth ? auth.required === false : true,
    authMethods: auth?.methods ?? ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'],
    allowInsecureAuth: opts.allowInsecureAuth ?? true,
    size: opts.size,
    rejectOversized: opts.size !== undefined,
    hideSTARTTLS: opts.hideSTARTTLS,
    hidePIPELINING: opts.hidePIPELINING,
    hide8BITMIME: opts.hide8BITMIME,
    hideSMTPUTF8: opts.hideSMTPUTF8,
    hideSize: opts.hideSize,
    hideDSN: opts.hideDSN ?? true,
    hideENHANCEDSTATUSCODES: opts.hideENHANCEDSTATUSCODES ?? true,
    disableReverseLookup: true,
    closeTimeout: 100,
    socketTimeout: 10_000,
    maxAllowedUnauthenticatedCommands: false,
    logger: commandLogger(state),
    onAuth: (attempt, session, callback) => {
      const accepted = auth !== undefined && checkAuth(auth, attempt);
      state.authAttempts.push({ method: attempt.method, username: attempt.username, accepted, secure: session.secure });
      if (accepted) return callback(null, { user: attempt.username });
      if (attempt.method === 'XOAUTH2') return callback(null, { data: { status: '401', schemes: 'bearer', scope: 'https://mail.test/' } });
      return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo: (address, session, callback) => {
      const key = `${session.id}:${session.transaction}`;
      const index = state.rcptCounts.get(key) ?? 0;
      state.rcptCounts.set(key, index + 1);
      const code = recipientVerdict(opts, address.address, index);
      if (!code) return callback();
      callback(Object.assign(new Error(`Recipient ${address.address} refused`), { responseCode: code }));
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(Object.assign(new Error('Message too big'), { responseCode: 552 }));
        if (opts.rejectData) return callback(Object.assign(new Error(opts.rejectData.message), { responseCode: opts.rejectData.code }));
        state.messages.push(recordMessage(session, Buffer.concat(chunks)));
        callback(null, 'Message queued as test');
      });
    },
  };
  return { ...base, ...opts.serverOptions };
}

function checkAuth(auth: TestServerAuth, attempt: Parameters<NonNullable<SMTPServerOptions['onAuth']>>[0]): boolean {
  if (attempt.username !== auth.user) return false;
  switch (attempt.method) {
    case 'XOAUTH2': {
      const current = typeof auth.accessToken === 'function' ? auth.accessToken() : auth.accessToken;
      return current !== undefined && attempt.accessToken === current;
    }
    case 'CRAM-MD5':
      return auth.pass !== undefined && attempt.validatePassword(auth.pass);
    default:
      return auth.pass !== undefined && attempt.password === auth.pass;
  }
}

function recipientVerdict(opts: TestSmtpServerOptions, address: string, index: number): RecipientVerdict {
  const rule = opts.rejectRecipients;
  if (rule === undefined) return false;
  if (typeof rule === 'function') return rule(address, index);
  return rule.includes(address) ? (opts.rejectCode ?? 550) : false;
}

function recordMessage(session: SMTPServerSession, raw: Buffer): ReceivedMessage {
  const { mailFrom, rcptTo } = session.envelope;
  return {
    envelope: { from: mailFrom ? mailFrom.address : '', to: rcptTo.map((r) => r.address) },
    raw,
    mailFrom,
    rcptTo: [...rcptTo],
    mailParams: mailFrom && mailFrom.args ? { ...mailFrom.args } : {},
    rcptParams: rcptTo.map((r) => (r.args ? { ...r.args } : {})),
    secure: session.secure,
    user: session.user,
    sessionId: session.id,
    remoteAddress: session.remoteAddress,
  };
}

/** A bunyan-shaped logger that keeps the command lines smtp-server logs (already redacted by smtp-server). */
function commandLogger(state: ServerState): Record<string, (...args: unknown[]) => void> {
  const keep = (entry: unknown, _message?: unknown, line?: unknown): void => {
    const data = entry as { tnx?: string; cid?: string; command?: string } | undefined;
    if (data?.tnx !== 'command') return;
    state.commands.push({ connectionId: data.cid ?? '', command: data.command ?? '', line: String(line ?? '') });
  };
  const ignore = (): void => {};
  return { trace: ignore, debug: keep, info: ignore, warn: ignore, error: ignore, fatal: ignore };
}

/** Keeps the raw plaintext bytes of each connection, and the sockets so close() can destroy them. */
function trackSockets(server: SMTPServer, state: ServerState): void {
  server.server.on('connection', (socket: net.Socket) => {
    const chunks: Buffer[] = [];
    state.wire.push(chunks);
    state.sockets.add(socket);
    socket.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
    socket.on('error', () => {});
    socket.on('close', () => state.sockets.delete(socket));
  });
}

async function parseMessage(messages: ReceivedMessage[], index: number): Promise<ParsedMail> {
  const message = messages[index];
  if (!message) throw new Error(`no message #${index} (received ${messages.length})`);
  return simpleParser(message.raw);
}

/** Polls a condition every 5 ms until it holds or the time is up. */
export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function closeServer(server: SMTPServer, state: ServerState): Promise<void> {
  // Destroy the topmost socket of each session (a TLS socket after STARTTLS) so close() never waits.
  for (const connection of server.connections) connection._socket.destroy();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    setImmediate(() => {
      for (const socket of state.sockets) socket.destroy();
    });
  });
}
