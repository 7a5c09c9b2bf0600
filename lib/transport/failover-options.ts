/** FailoverOptions: how a failover transport orders its transports and how long a failed one rests; checked once. */
import { SmtpError } from '../core/errors.js';
import type { TransportRef } from './mail-transport.js';

/** How long a transport that could not be used is passed over, unless every other one fails too. */
export const DEFAULT_FAILOVER_COOLDOWN_MS = 30_000;

/**
 * Options of a failover transport (the third argument of `createTransport([primary, backup], defaults, failover)`,
 * or `failover` beside `transport: [...]` in `MailerModule`).
 */
export interface FailoverOptions {
  /**
   * `'priority'` sends every message through the first transport that can take it, the others being backups;
   * `'round-robin'` starts each message at the next transport in turn, to spread the load (failing over to the
   * others all the same). @defaultValue 'priority'
   */
  strategy?: 'priority' | 'round-robin';
  /**
   * Milliseconds a transport is passed over after it could not be used (connection refused or lost, timeout, DNS,
   * TLS, AUTH, protocol error). It is still tried, last, when every other transport fails. `0` never passes one over.
   * @defaultValue 30000
   */
  cooldownMs?: number;
  /**
   * What a server's refusal of the message (4xx or 5xx to MAIL, RCPT, DATA or the final dot, nothing delivered)
   * leads to: `'next'` tries the next transport, since relays differ in policy, quota, size limit and suppression
   * list; `'report'` rejects with the refusal at once. @defaultValue 'next'
   */
  onRefusal?: 'next' | 'report';
  /** Called each time a message moves on to the next transport, e.g. to count failovers; what it throws is logged. */
  onFailover?: (event: FailoverEvent) => void;
}

/** What `onFailover` is told each time a message moves from one transport to the next. */
export interface FailoverEvent {
  /** The transport that failed. */
  from: TransportRef;
  /** The transport tried next. */
  to: TransportRef;
  /** Why it moved on: always `delivery: 'not-sent'`. */
  error: SmtpError;
  /** Whether `from` now rests for `cooldownMs` (it could not be used, rather than refusing this message). */
  resting: boolean;
}

/** FailoverOptions with defaults filled in, frozen. */
export type ResolvedFailoverOptions = Readonly<Required<Omit<FailoverOptions, 'onFailover'>> & Pick<FailoverOptions, 'onFailover'>>;

const KNOWN = new Set(['strategy', 'cooldownMs', 'onRefusal', 'onFailover']);

function invalid(message: string): never {
  throw new SmtpError('ECONFIG', `invalid failover option ${message}`);
}

/**
 * Checks failover options and fills their defaults.
 * @throws SmtpError ECONFIG naming the option at fault, or an unknown option name.
 */
export function resolveFailoverOptions(options: FailoverOptions = {}): ResolvedFailoverOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SmtpError('ECONFIG', 'invalid failover options: expected { strategy?, cooldownMs?, onRefusal?, onFailover? }');
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) invalid(`name ${JSON.stringify(name)} (known: strategy, cooldownMs, onRefusal, onFailover)`);
  }
  const { strategy = 'priority', cooldownMs = DEFAULT_FAILOVER_COOLDOWN_MS, onRefusal = 'next', onFailover } = options;
  if (strategy !== 'priority' && strategy !== 'round-robin') invalid(`strategy: expected 'priority' or 'round-robin'`);
  if (typeof cooldownMs !== 'number' || !Number.isFinite(cooldownMs) || cooldownMs < 0) {
    invalid('cooldownMs: expected a number of milliseconds, 0 or more');
  }
  if (onRefusal !== 'next' && onRefusal !== 'report') invalid(`onRefusal: expected 'next' or 'report'`);
  if (onFailover !== undefined && typeof onFailover !== 'function') invalid('onFailover: expected a function');
  return Object.freeze({ strategy, cooldownMs, onRefusal, ...(onFailover && { onFailover }) });
}
