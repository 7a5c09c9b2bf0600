/** A raw TCP server on 127.0.0.1:0 that plays a script per connection and records every byte it receives. */
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { ByteReader, PeerClosedError } from './byte-reader.js';
import { FIXTURE_CERT, FIXTURE_KEY } from './smtp-server.js';

/** One scripted connection: read what the client sent, answer, misbehave. */
export interface ScriptConnection {
  /** 0-based order of acceptance. */
  readonly index: number;
  /** Every byte received, in order: raw before TLS, decrypted after an upgrade. */
  readonly received: Buffer[];
  /** Lines read as commands by `readLine`/`expect` (and by `esmtp`), without line endings. */
  readonly commands: string[];
  /** Message bodies read by `esmtp` (DATA: the bytes up to and including CRLF.CRLF; BDAT: the chunks joined). */
  readonly bodies: Buffer[];
  /** True once the socket closed (either side). */
  readonly isClosed: boolean;
  /** Resolves when the socket has closed. */
  readonly closed: Promise<void>;
  /** The socket now in use (the TLS socket after `upgradeTls`). */
  readonly socket: net.Socket;
  /** Writes bytes as they are and waits until they were handed to the kernel. */
  send(data: string | Buffer): Promise<void>;
  /** Writes one reply, appending CRLF unless the text already ends with LF. */
  reply(text: string): Promise<void>;
  readLine(): Promise<string>;
  readBytes(count: number): Promise<Buffer>;
  readUntil(marker: string | Buffer): Promise<Buffer>;
  /** Reads the next line and fails the script when it does not match. */
  expect(match: string | RegExp): Promise<string>;
  wait(ms: number): Promise<void>;
  /** Half-closes (FIN) and waits for the socket to close. */
  close(): Promise<void>;
  /** Aborts with a TCP RST. */
  destroy(): void;
  /** Never answers again; keeps reading and recording until the client goes away. */
  stall(): Promise<void>;
  /** Writes chunks from `source` until it ends or the client disconnects, waiting for `drain` (backpressure). */
  flood(source: Iterable<string | Buffer>): Promise<number>;
  /** Starts server-side TLS on this socket (after replying 220 to STARTTLS); unread plaintext is dropped. */
  upgradeTls(options?: tls.TlsOptions): Promise<void>;
}

/** A script is an async function run once per connection, or a list of steps. */
export type Script = (conn: ScriptConnection) => Promise<void>;

export type ScriptStep =
  | { send: string | Buffer }
  | { expect: string | RegExp; reply?: string }
  | { wait: number }
  | { close: true }
  | { destroy: true }
  | { stall: true }
  | { flood: () => Iterable<string | Buffer> }
  | { upgradeTls: true };

export interface ScriptServer {
  host: '127.0.0.1';
  port: number;
  connections: ScriptConnection[];
  /** Errors thrown by scripts other than the client going away (e.g. an `expect` that did not match). */
  errors: Error[];
  connectionCount(): number;
  /** Every byte received on every connection, concatenated. */
  receivedBytes(): Buffer;
  /** The same as a latin1 string (one character per byte). */
  transcript(): string;
  /** Every command line of every connection. */
  commands(): string[];
  close(): Promise<void>;
  server: net.Server;
}

/** Starts a scripted server; the script (or `scripts[i]` for the i-th connection, the last one repeating) runs per connection. */
export async function startScriptServer(script: Script | ScriptStep[] | Array<Script | ScriptStep[]>): Promise<ScriptServer> {
  const scripts = Array.isArray(script) && (script.length === 0 || !isStep(script[0])) ? (script as Array<Script | ScriptStep[]>) : [script as Script | ScriptStep[]];
  const connections: ScriptConnection[] = [];
  const errors: Error[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    // Replies go out as written: Nagle would hold a second small reply for the client's delayed ACK (~40 ms).
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const conn = createConnection(socket, connections.length, sockets);
    connections.push(conn);
    const chosen = scripts[Math.min(connections.length - 1, scripts.length - 1)] ?? [];
    const run = typeof chosen === 'function' ? chosen : stepsToScript(chosen);
    run(conn).catch((err: unknown) => {
      if (err instanceof PeerClosedError || conn.isClosed) conn.socket.destroy();
      else {
        errors.push(err instanceof Error ? err : new Error(String(err)));
        conn.destroy();
      }
    });
  });
  server.on('error', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const all = (): Buffer => Buffer.concat(connections.flatMap((c) => c.received));
  return {
    host: '127.0.0.1',
    port: (server.address() as net.AddressInfo).port,
    connections,
    errors,
    connectionCount: () => connections.length,
    receivedBytes: all,
    transcript: () => all().toString('latin1'),
    commands: () => connections.flatMap((c) => c.commands),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    server,
  };
}

function isStep(value: unknown): value is ScriptStep {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns a list of steps into a script. */
export function stepsToScript(steps: ScriptStep[]): Script {
  return async (conn) => {
    for (const step of steps) {
      if ('send' in step) await conn.send(step.send);
      else if ('expect' in step) {
        await conn.expect(step.expect);
        if (step.reply !== undefined) await conn.reply(step.reply);
      } else if ('wait' in step) await conn.wait(step.wait);
      else if ('close' in step) await conn.close();
      else if ('destroy' in step) conn.destroy();
      else if ('stall' in step) await conn.stall();
      else if ('flood' in step) await conn.flood(step.flood());
      else if ('upgradeTls' in step) await conn.upgradeTls();
    }
  };
}

function createConnection(raw: net.Socket, index: number, sockets: Set<net.Socket>): ScriptConnection {
  const received: Buffer[] = [];
  const commands: string[] = [];
  let reader = new ByteReader();
  let socket: net.Socket = raw;
  let isClosed = false;
  const closed = new Promise<void>((resolve) => raw.once('close', () => resolve()));
  const attach = (target: net.Socket, into: ByteReader): ((chunk: Buffer) => void) => {
    const onData = (chunk: Buffer): void => {
      received.push(Buffer.from(chunk));
      into.push(chunk);
    };
    target.on('data', onData);
    target.on('end', () => into.end());
    target.on('close', () => into.end());
    target.on('error', () => {});
    return onData;
  };
  let detachRaw: ((chunk: Buffer) => void) | undefined = attach(raw, reader);
  raw.on('close', () => {
    isClosed = true;
  });

  const conn: ScriptConnection = {
    index,
    received,
    commands,
    bodies: [],
    get isClosed() {
      return isClosed;
    },
    closed,
    get socket() {
      return socket;
    },
    send: (data) => writeAll(socket, data),
    reply: (text) => writeAll(socket, text.endsWith('\n') ? text : `${text}\r\n`),
    readLine: async () => {
      const line = await reader.readLine();
      commands.push(line);
      return line;
    },
    readBytes: (count) => reader.readBytes(count),
    readUntil: (marker) => reader.readUntil(typeof marker === 'string' ? Buffer.from(marker, 'latin1') : marker),
    expect: async (match) => {
      const line = await conn.readLine();
      const ok = typeof match === 'string' ? line.toUpperCase().startsWith(match.toUpperCase()) : match.test(line);
      if (!ok) throw new Error(`script expected ${String(match)}, got ${JSON.stringify(line)}`);
      return line;
    },
    wait: (ms) => delay(ms).then(() => undefined),
    close: async () => {
      socket.end();
      await closed;
    },
    destroy: () => {
      // An RST only makes sense while the peer is still there; once it has sent FIN, Node may never emit
      // 'close' after resetAndDestroy(), so a plain destroy is used.
      const peerGone = raw.readableEnded || raw.writableEnded;
      if (!raw.destroyed) {
        if (peerGone) raw.destroy();
        else raw.resetAndDestroy();
      }
      if (!socket.destroyed) socket.destroy();
    },
    stall: () => closed,
    flood: (source) => flood(socket, source),
    upgradeTls: async (options) => {
      if (detachRaw) raw.off('data', detachRaw);
      detachRaw = undefined;
      reader.discard();
      reader = new ByteReader();
      const secure = new tls.TLSSocket(raw, { isServer: true, key: FIXTURE_KEY, cert: FIXTURE_CERT, ...options });
      sockets.add(secure);
      secure.on('close', () => sockets.delete(secure));
      attach(secure, reader);
      socket = secure;
      await Promise.race([once(secure, 'secure'), closed.then(() => Promise.reject(new PeerClosedError()))]);
    },
  };
  return conn;
}

async function writeAll(socket: net.Socket, data: string | Buffer): Promise<void> {
  if (socket.destroyed || !socket.writable) throw new PeerClosedError();
  await new Promise<void>((resolve, reject) => {
    socket.write(data, (err) => (err ? reject(new PeerClosedError()) : resolve()));
  });
}

async function flood(socket: net.Socket, source: Iterable<string | Buffer>): Promise<number> {
  let sent = 0;
  for (const chunk of source) {
    if (socket.destroyed || !socket.writable) break;
    sent += Buffer.byteLength(chunk);
    if (!socket.write(chunk)) await writable(socket);
  }
  return sent;
}

/** Resolves when the socket drains, closes or fails, whichever comes first (never rejects). */
function writable(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      socket.off('error', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
    socket.on('error', done);
  });
}

/** An endless source of the same chunk, for flood steps. */
export function* repeatChunk(chunk: string | Buffer): Generator<string | Buffer> {
  for (;;) yield chunk;
}
