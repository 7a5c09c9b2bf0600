/** A script for the scripted server that behaves like a normal ESMTP server, with hooks to change any one reply. */
import type { Script, ScriptConnection } from './script-server.js';

/** Something to do instead of (or after) a reply. */
export type ScriptAction = { action: 'stall' } | { action: 'close' } | { action: 'destroy' };

/** What an override returns: a reply (CRLF added when missing), an action, a list of both, or undefined for the default. */
export type OverrideResult = string | ScriptAction | Array<string | ScriptAction> | undefined;

/** The command an override is asked about. `verb` is upper case; `.` is the end of DATA, `BDAT` is asked after its chunk. */
export interface CommandInfo {
  line: string;
  verb: string;
  /** 1-based count of this verb on this connection (the 2nd RCPT has nth 2). */
  nth: number;
  conn: ScriptConnection;
  /** True once STARTTLS completed on this connection. */
  secure: boolean;
}

export type Overrides =
  | ((info: CommandInfo) => OverrideResult | Promise<OverrideResult>)
  | Record<string, OverrideResult | ((info: CommandInfo) => OverrideResult | Promise<OverrideResult>)>;

export interface EsmtpOptions {
  /** Greeting line, or an override result (e.g. `{ action: 'stall' }`). @defaultValue '220 mx.test ESMTP ready' */
  greeting?: OverrideResult;
  /** EHLO keywords, e.g. ['PIPELINING', 'CHUNKING', 'SIZE 1000', 'STARTTLS']. @defaultValue [] */
  extensions?: string[];
  /** Keywords after STARTTLS. @defaultValue `extensions` without STARTTLS */
  tlsExtensions?: string[];
  /** Replace one reply: a function, or a map keyed by verb (`RCPT`) or verb#nth (`RCPT#2`). */
  overrides?: Overrides;
}

export const STALL: ScriptAction = Object.freeze({ action: 'stall' });
export const CLOSE: ScriptAction = Object.freeze({ action: 'close' });
export const DESTROY: ScriptAction = Object.freeze({ action: 'destroy' });

/** A script that answers like a plain ESMTP server: 250 to everything, 354 to DATA, BDAT chunks read by size. */
export function esmtp(options: EsmtpOptions = {}): Script {
  return async (conn) => {
    const session: Session = { conn, counts: new Map(), secure: false, bdat: [], overrides: options.overrides };
    if (!(await perform(conn, options.greeting ?? '220 mx.test ESMTP ready')).alive) return;
    for (;;) {
      const line = await conn.readLine();
      const verb = (line.split(' ')[0] ?? '').toUpperCase();
      const plain = options.extensions ?? [];
      const keywords = session.secure ? (options.tlsExtensions ?? plain.filter((k) => k.toUpperCase() !== 'STARTTLS')) : plain;
      if (!(await handle(session, line, verb, keywords))) return;
    }
  };
}

interface Session {
  conn: ScriptConnection;
  counts: Map<string, number>;
  secure: boolean;
  /** BDAT chunks of the transaction in progress. */
  bdat: Buffer[];
  /** A MAIL came since the last RSET or end of content: DATA outside one is refused, as real servers do. */
  inTransaction?: boolean;
  overrides: Overrides | undefined;
}

/** Replies to one command (the override's answer, else `fallback`); returns what was sent. */
async function answer(session: Session, line: string, verb: string, fallback: OverrideResult): Promise<Performed> {
  const nth = (session.counts.get(verb) ?? 0) + 1;
  session.counts.set(verb, nth);
  const info: CommandInfo = { line, verb, nth, conn: session.conn, secure: session.secure };
  const chosen = await pickOverride(session.overrides, info);
  return perform(session.conn, chosen === undefined ? fallback : chosen);
}

async function handle(session: Session, line: string, verb: string, keywords: string[]): Promise<boolean> {
  const reply = async (fallback: OverrideResult): Promise<boolean> => (await answer(session, line, verb, fallback)).alive;
  if (verb === 'MAIL') session.inTransaction = true;
  if (verb === 'RSET') session.inTransaction = false;
  // RFC 5321 §3.3: DATA with no transaction open is refused (503).
  if (verb === 'DATA' && !session.inTransaction) return reply('503 5.5.1 need MAIL command');
  switch (verb) {
    case 'EHLO':
      return reply(ehloReply(keywords));
    case 'HELO':
      return reply('250 mx.test');
    case 'MAIL':
    case 'RCPT':
    case 'RSET':
    case 'NOOP':
      return reply('250 2.0.0 OK');
    case 'QUIT':
      return reply(['221 2.0.0 Bye', CLOSE]);
    case 'STARTTLS': {
      const done = await answer(session, line, verb, '220 2.0.0 Ready to start TLS');
      if (!done.alive || !done.replies.some((r) => r.startsWith('220'))) return done.alive;
      await session.conn.upgradeTls();
      session.secure = true;
      return true;
    }
    case 'AUTH':
      return authExchange(session, line);
    case 'DATA':
      return dataExchange(session, line);
    case 'BDAT':
      return bdatExchange(session, line);
    default:
      return reply('502 5.5.2 Command not recognized');
  }
}

function ehloReply(keywords: string[]): string {
  const lines = ['mx.test greets you', ...keywords];
  return lines.map((text, i) => `250${i === lines.length - 1 ? ' ' : '-'}${text}`).join('\r\n');
}

/** AUTH with an initial response succeeds at once; without one, LOGIN gets two prompts and others one. */
async function authExchange(session: Session, line: string): Promise<boolean> {
  const [, mechanism = '', initial] = line.split(' ');
  if (initial === undefined) {
    const prompts = mechanism.toUpperCase() === 'LOGIN' ? ['334 VXNlcm5hbWU6', '334 UGFzc3dvcmQ6'] : ['334 PDEyMzQ1Ni4xQG14LnRlc3Q+'];
    for (const prompt of prompts) {
      await session.conn.reply(prompt);
      await session.conn.readLine();
    }
  }
  return (await answer(session, line, 'AUTH', '235 2.7.0 Authentication successful')).alive;
}

/** DATA: the body is read only when a 354 went out; then the end-of-data reply is asked for as verb `.`. */
async function dataExchange(session: Session, line: string): Promise<boolean> {
  const done = await answer(session, line, 'DATA', '354 End data with <CR><LF>.<CR><LF>');
  if (!done.alive || !done.replies.some((r) => r.startsWith('354'))) return done.alive;
  session.conn.bodies.push(await readDataBody(session.conn));
  session.inTransaction = false;
  return (await answer(session, '.', '.', '250 2.0.0 OK queued as TEST')).alive;
}

/**
 * Reads DATA content up to and including the terminating `.` line. Only CRLF "." CRLF ends it
 * (RFC 5321 §4.1.1.4): a "." line after a bare LF does not, so smuggling attempts show in the body.
 */
async function readDataBody(conn: ScriptConnection): Promise<Buffer> {
  const lines: Buffer[] = [];
  let atLineStart = true;
  for (;;) {
    const line = await conn.readUntil('\n');
    lines.push(line);
    if (atLineStart && line.length === 3 && line.toString('latin1') === '.\r\n') return Buffer.concat(lines);
    atLineStart = line.length >= 2 && line[line.length - 2] === 0x0d;
  }
}

/** BDAT <size> [LAST] (RFC 3030): reads exactly size bytes, then asks for the reply. */
async function bdatExchange(session: Session, line: string): Promise<boolean> {
  const [, size = '0', last] = line.split(' ');
  const chunk = await session.conn.readBytes(Number(size));
  const isLast = (last ?? '').toUpperCase() === 'LAST';
  if (isLast) session.inTransaction = false;
  session.bdat.push(chunk);
  if (isLast) {
    session.conn.bodies.push(Buffer.concat(session.bdat));
    session.bdat = [];
  }
  const fallback = isLast ? '250 2.0.0 OK queued as TEST' : `250 2.0.0 ${chunk.length} octets received`;
  return (await answer(session, line, 'BDAT', fallback)).alive;
}

async function pickOverride(overrides: Overrides | undefined, info: CommandInfo): Promise<OverrideResult> {
  if (!overrides) return undefined;
  if (typeof overrides === 'function') return overrides(info);
  const entry = overrides[`${info.verb}#${info.nth}`] ?? overrides[info.verb];
  return typeof entry === 'function' ? entry(info) : entry;
}

interface Performed {
  /** False once the script ended the connection (stall, close, destroy). */
  alive: boolean;
  replies: string[];
}

/** Sends replies and carries out actions in order. */
async function perform(conn: ScriptConnection, result: OverrideResult): Promise<Performed> {
  const items = Array.isArray(result) ? result : [result];
  const replies: string[] = [];
  for (const item of items) {
    if (item === undefined) continue;
    if (typeof item === 'string') {
      await conn.reply(item);
      replies.push(item);
    } else if (item.action === 'stall') {
      await conn.stall();
      return { alive: false, replies };
    } else if (item.action === 'close') {
      await conn.close();
      return { alive: false, replies };
    } else {
      conn.destroy();
      return { alive: false, replies };
    }
  }
  return { alive: true, replies };
}
