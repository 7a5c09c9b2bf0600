/** Clock and randomness of the composer (Date, Message-ID, boundaries), injectable for deterministic output. */
import { SmtpError } from '../core/errors.js';

/**
 * `node:crypto`, fetched when the first random bytes are drawn rather than imported: it is one of Node's larger
 * built-ins, and importing the engine should not pay for it before the first message.
 */
const nodeCrypto = (): typeof import('node:crypto') => process.getBuiltinModule('node:crypto');

/** `crypto.randomBytes`, looked up on call. */
const cryptoRandomBytes = (size: number): Buffer => nodeCrypto().randomBytes(size);

/** Where the composer gets the time and random bytes; both default to the real ones. */
export interface ComposeEnvironment {
  /** @defaultValue `() => new Date()` */
  now?: () => Date;
  /** @defaultValue `crypto.randomBytes` */
  randomBytes?: (size: number) => Buffer;
}

/** A {@link ComposeEnvironment} with every member filled in. */
export interface ResolvedEnvironment {
  now: () => Date;
  randomBytes: (size: number) => Buffer;
}

/**
 * Random bytes drawn from a buffer refilled `poolSize` bytes at a time: one system call for many messages
 * instead of two per message. Each caller gets its own copy. Make one per transport (no shared state).
 */
export function createRandomPool(poolSize = 4096): (size: number) => Buffer {
  const pool = Buffer.allocUnsafe(poolSize);
  let offset = poolSize;
  return (size) => {
    if (size > poolSize) return cryptoRandomBytes(size);
    if (offset + size > poolSize) {
      nodeCrypto().randomFillSync(pool);
      offset = 0;
    }
    const out = Buffer.from(pool.subarray(offset, offset + size));
    offset += size;
    return out;
  };
}

/** Fills in the real clock and randomness where the caller gave none. */
export function resolveEnvironment(env: ComposeEnvironment = {}): ResolvedEnvironment {
  return { now: env.now ?? (() => new Date()), randomBytes: env.randomBytes ?? cryptoRandomBytes };
}

/**
 * A fresh multipart boundary. It contains `=_`, which quoted-printable output can never contain
 * (RFC 2045 §6.7: `=` is always followed by two hex digits or a line break) and base64 output neither,
 * so an encoded part can never end the multipart early (RFC 2046 §5.1.1).
 */
export function createBoundary(env: ResolvedEnvironment): string {
  return `=_nsmtp_${env.randomBytes(12).toString('hex')}`;
}

/** A new Message-ID (RFC 5322 §3.6.4) in angle brackets: `<uuid-like@domain>`. */
export function createMessageId(env: ResolvedEnvironment, domain: string): string {
  const hex = env.randomBytes(16).toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return `<${id}@${domain || 'localhost'}>`;
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/**
 * RFC 5322 §3.3 date-time in UTC, e.g. `Mon, 02 Jan 2006 15:04:05 +0000`: the fields of `toUTCString()`, put
 * together directly (a Date header per message; `toUTCString` and a regex cost several times more).
 */
export function formatDate(date: Date): string {
  const year = date.getUTCFullYear();
  // Years outside 0-9999 keep toUTCString's form (the RFC has none for them); a bad date gives 'Invalid Date' there too.
  if (!(year >= 0 && year <= 9999)) return date.toUTCString().replace(/GMT$/, '+0000');
  const time = `${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())}`;
  return `${DAY_NAMES[date.getUTCDay()]}, ${twoDigits(date.getUTCDate())} ${MONTH_NAMES[date.getUTCMonth()]} ${String(year).padStart(4, '0')} ${time} +0000`;
}

/** Printable US-ASCII except `<`, `>` and whitespace: what may sit between the brackets of a msg-id. */
const MSG_ID_BODY = /^[\u0021-\u003b\u003d\u003f-\u007e]+$/;

/**
 * A msg-id (RFC 5322 §3.6.4) for Message-ID, In-Reply-To or References, with angle brackets added
 * when missing. Anything that could end the header or the id early is refused, never stripped.
 * @throws SmtpError EMESSAGE for CR/LF, whitespace, `<`/`>` inside, non-ASCII or an empty id.
 */
export function normalizeMessageId(id: string, field: string): string {
  if (typeof id !== 'string') throw new SmtpError('EMESSAGE', `${field} must be a string`);
  const inner = id.startsWith('<') && id.endsWith('>') && id.length >= 2 ? id.slice(1, -1) : id;
  if (!MSG_ID_BODY.test(inner)) {
    throw new SmtpError('EMESSAGE', `invalid ${field} ${JSON.stringify(id)}: expected <id@domain> without spaces, line breaks or inner angle brackets`);
  }
  return `<${inner}>`;
}

/**
 * The ids of a References or In-Reply-To value: a list, or one string of ids separated by spaces or commas.
 * CR/LF is refused before splitting so that a line break can never be mistaken for a separator.
 * @throws SmtpError EMESSAGE
 */
export function normalizeMessageIdList(value: string | string[], field: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  const ids: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string' || /[\r\n]/.test(item)) {
      throw new SmtpError('EMESSAGE', `invalid ${field}: ids may not contain line breaks`);
    }
    for (const part of item.split(/[\s,]+/)) if (part !== '') ids.push(normalizeMessageId(part, field));
  }
  return ids;
}
