/** The outbox's options: what a user sets, checked once, with every default filled in. */
import { SmtpError } from '../core/errors.js';

/** The outbox's default queue name. */
export const DEFAULT_QUEUE_NAME = 'mail';
/** How long `enqueue` waits for Redis (connection and the write) before it rejects with EQUEUE. */
export const DEFAULT_ENQUEUE_TIMEOUT_MS = 5_000;
/** How long a worker waits for one of its Redis records ("content sent", "accepted") before giving up. */
export const DEFAULT_RECORD_TIMEOUT_MS = 5_000;
/** The largest composed message the outbox stores in a job (10 MiB): attachments are read into the job. */
export const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** Send attempts per job (the first included) for failures that may pass: 4xx replies, connection trouble. */
export const DEFAULT_ATTEMPTS = 5;
/** Exponential backoff between attempts, starting here: 2 s, 4 s, 8 s, ... */
export const DEFAULT_BACKOFF_DELAY_MS = 2_000;

/**
 * Where Redis is: a `redis://[user:pass@]host[:port][/db]` or `rediss://` URL, or connection options as the
 * Redis client takes them (`{ host, port, password, db, tls, ... }`).
 */
export type OutboxConnection = string | OutboxRedisOptions;

/** Redis connection options, passed to the Redis client (ioredis) as they are. */
export interface OutboxRedisOptions {
  /** @defaultValue '127.0.0.1' (from a URL) or ioredis' 'localhost' */
  host?: string;
  /** @defaultValue 6379 */
  port?: number;
  /** An ACL user name (Redis 6+). */
  username?: string;
  /** The password (never echoed in an error). */
  password?: string;
  /** The database number. @defaultValue 0 */
  db?: number;
  /** TLS options for the Redis connection (`{}` for TLS with the system CAs). */
  tls?: object;
  /** Any other option of the Redis client. */
  [option: string]: unknown;
}

/** Backoff between attempts of a job, as BullMQ applies it. */
export interface OutboxBackoff {
  /** The same delay every time, or doubling from `delay`. */
  type: 'fixed' | 'exponential';
  /** Milliseconds: the fixed delay, or the first one, doubled at each attempt. */
  delay: number;
}

/** At most `max` jobs start per `duration` milliseconds, across every worker of the queue. */
export interface OutboxLimiter {
  /** Jobs started per window. */
  max: number;
  /** The window, in milliseconds. */
  duration: number;
}

/** The `queue` option of `MailerModule.forRoot`, and what `MailOutbox.create` takes besides the transport. */
export interface OutboxOptions {
  /** Where Redis is. */
  connection: OutboxConnection;
  /** The BullMQ queue name; give each mailer its own. @defaultValue 'mail' */
  name?: string;
  /** A key prefix for the queue's Redis keys. @defaultValue 'bull' (BullMQ's) */
  prefix?: string;
  /** Messages one worker sends at once. @defaultValue 1 */
  concurrency?: number;
  /** Send attempts per job for failures that may pass (4xx, connection, timeout), the first included. @defaultValue 5 */
  attempts?: number;
  /** Delay between attempts. @defaultValue `{ type: 'exponential', delay: 2000 }` */
  backoff?: OutboxBackoff;
  /** Rate limit shared by every worker of the queue. @defaultValue none */
  limiter?: OutboxLimiter;
  /** Whether this process sends: `false` for a process that only enqueues. @defaultValue true */
  worker?: boolean;
  /** Milliseconds `enqueue` waits for Redis before rejecting with EQUEUE. @defaultValue 5000 */
  enqueueTimeout?: number;
  /** Milliseconds a worker waits for each of its Redis records before the send is abandoned, not sent. @defaultValue 5000 */
  recordTimeout?: number;
  /** The largest composed message `enqueue` accepts, in bytes; larger ones fail with EMESSAGE. @defaultValue 10 MiB */
  maxMessageBytes?: number;
  /**
   * How long a worker's claim on a job lasts without renewal (BullMQ `lockDuration`): a job whose worker died
   * is taken up again after about this long. @defaultValue 30000
   */
  lockDuration?: number;
  /** How often a worker looks for jobs whose worker died (BullMQ `stalledInterval`). @defaultValue 30000 */
  stalledInterval?: number;
  /** How many times a job may come back from a dead worker before it fails (BullMQ `maxStalledCount`). @defaultValue 3 */
  maxStalledCount?: number;
  /** Completed jobs kept in Redis (the newest). @defaultValue 1000 */
  keepCompleted?: number;
}

/** Options after validation: every default filled in. */
export interface ResolvedOutboxOptions {
  /** Redis connection options (a URL parsed). */
  readonly connection: OutboxRedisOptions;
  /** See {@link OutboxOptions.name}. */
  readonly name: string;
  /** See {@link OutboxOptions.prefix}. */
  readonly prefix: string | undefined;
  /** See {@link OutboxOptions.concurrency}. */
  readonly concurrency: number;
  /** See {@link OutboxOptions.attempts}. */
  readonly attempts: number;
  /** See {@link OutboxOptions.backoff}. */
  readonly backoff: OutboxBackoff;
  /** See {@link OutboxOptions.limiter}. */
  readonly limiter: OutboxLimiter | undefined;
  /** See {@link OutboxOptions.worker}. */
  readonly worker: boolean;
  /** See {@link OutboxOptions.enqueueTimeout}. */
  readonly enqueueTimeout: number;
  /** See {@link OutboxOptions.recordTimeout}. */
  readonly recordTimeout: number;
  /** See {@link OutboxOptions.maxMessageBytes}. */
  readonly maxMessageBytes: number;
  /** See {@link OutboxOptions.lockDuration}. */
  readonly lockDuration: number;
  /** See {@link OutboxOptions.stalledInterval}. */
  readonly stalledInterval: number;
  /** See {@link OutboxOptions.maxStalledCount}. */
  readonly maxStalledCount: number;
  /** See {@link OutboxOptions.keepCompleted}. */
  readonly keepCompleted: number;
}

function invalid(option: string, why: string): never {
  throw new SmtpError('ECONFIG', `invalid queue option ${option}: ${why}`);
}

function positiveInteger(option: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) invalid(option, `expected an integer >= ${min}`);
  return value;
}

/** `redis://user:pass@host:port/db` as client options; the password is never echoed in an error. */
export function parseRedisUrl(url: string): OutboxRedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return invalid('connection', 'not a redis:// or rediss:// URL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') invalid('connection', `unknown protocol ${parsed.protocol} (use redis:// or rediss://)`);
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) invalid('connection', 'the path must be a database number');
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password && { password: decodeURIComponent(parsed.password) }),
    ...(db !== '' && { db: Number(db) }),
    ...(parsed.protocol === 'rediss:' && { tls: {} }),
  };
}

function resolveConnection(connection: unknown): OutboxRedisOptions {
  if (typeof connection === 'string') return parseRedisUrl(connection);
  if (typeof connection !== 'object' || connection === null || Array.isArray(connection)) {
    return invalid('connection', 'expected a redis:// URL or Redis connection options');
  }
  return { ...(connection as OutboxRedisOptions) };
}

function resolveBackoff(backoff: unknown): OutboxBackoff {
  if (backoff === undefined) return { type: 'exponential', delay: DEFAULT_BACKOFF_DELAY_MS };
  const { type, delay } = (backoff ?? {}) as Partial<OutboxBackoff>;
  if (type !== 'fixed' && type !== 'exponential') invalid('backoff.type', "expected 'fixed' or 'exponential'");
  return { type, delay: positiveInteger('backoff.delay', delay, DEFAULT_BACKOFF_DELAY_MS, 0) };
}

function resolveLimiter(limiter: unknown): OutboxLimiter | undefined {
  if (limiter === undefined) return undefined;
  const { max, duration } = (limiter ?? {}) as Partial<OutboxLimiter>;
  if (max === undefined || duration === undefined) invalid('limiter', 'expected { max, duration }');
  return { max: positiveInteger('limiter.max', max, 1), duration: positiveInteger('limiter.duration', duration, 1) };
}

/**
 * Checks the outbox options and fills in the defaults.
 * @throws SmtpError ECONFIG naming the option at fault (never echoing the connection's password).
 */
export function resolveOutboxOptions(options: OutboxOptions): ResolvedOutboxOptions {
  if (typeof options !== 'object' || options === null) invalid('queue', 'expected { connection, ... }');
  if (options.connection === undefined) invalid('connection', 'missing (a redis:// URL or Redis connection options)');
  const name = options.name ?? DEFAULT_QUEUE_NAME;
  if (typeof name !== 'string' || !/^[\w.{}-]+$/.test(name)) invalid('name', 'use letters, digits, ".", "_", "-" (and {} for a Redis Cluster hash tag)');
  if (options.prefix !== undefined && (typeof options.prefix !== 'string' || options.prefix === '')) invalid('prefix', 'expected a non-empty string');
  if (options.worker !== undefined && typeof options.worker !== 'boolean') invalid('worker', 'expected true or false');
  const lockDuration = positiveInteger('lockDuration', options.lockDuration, 30_000, 100);
  return Object.freeze({
    connection: resolveConnection(options.connection),
    name,
    prefix: options.prefix,
    concurrency: positiveInteger('concurrency', options.concurrency, 1),
    attempts: positiveInteger('attempts', options.attempts, DEFAULT_ATTEMPTS),
    backoff: resolveBackoff(options.backoff),
    limiter: resolveLimiter(options.limiter),
    worker: options.worker ?? true,
    enqueueTimeout: positiveInteger('enqueueTimeout', options.enqueueTimeout, DEFAULT_ENQUEUE_TIMEOUT_MS),
    recordTimeout: positiveInteger('recordTimeout', options.recordTimeout, DEFAULT_RECORD_TIMEOUT_MS),
    maxMessageBytes: positiveInteger('maxMessageBytes', options.maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES),
    lockDuration,
    stalledInterval: positiveInteger('stalledInterval', options.stalledInterval, 30_000, 100),
    maxStalledCount: positiveInteger('maxStalledCount', options.maxStalledCount, 3, 0),
    keepCompleted: positiveInteger('keepCompleted', options.keepCompleted, 1000, 0),
  });
}
