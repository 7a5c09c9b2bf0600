/**
 * Which fault a scripted server plays for one command, drawn from a seed. Each decision depends only on the
 * seed and a key naming the command (the message id, its attempt, the verb and its count), never on timing,
 * so a message meets the same faults on every run with the same seed, however connections interleave.
 */
import { seededRandom } from './random.js';

/** Where in the dialogue a fault is played. */
export type FaultPhase = 'greeting' | 'ehlo' | 'mail' | 'rcpt' | 'data' | 'body' | 'end' | 'bdat' | 'rset';

/**
 * What the server does instead of its normal reply:
 * - `drop`: closes the connection without replying (`body`: after part of the content arrived);
 * - `reply`: answers with `code` (421 then closes the channel, RFC 5321 §3.8);
 * - `stall`: never answers again, past the client's timeouts;
 * - `split`: the normal reply, written one byte per write;
 * - `surplus`: the normal reply followed by an extra `250` nobody asked for;
 * - `drop-after-reply`: the normal reply, then closes (at `end`: the message was accepted).
 */
export type Fault =
  | { kind: 'drop' }
  | { kind: 'reply'; code: 421 | 451 | 452 | 554 }
  | { kind: 'stall' }
  | { kind: 'split' }
  | { kind: 'surplus' }
  | { kind: 'drop-after-reply' };

/** Anything that decides faults: a seeded {@link FaultPlan}, or a fixed choice in a focused test. */
export interface FaultSource {
  faultFor(phase: FaultPhase, key: string): Fault | undefined;
}

export interface FaultPlanOptions {
  seed: number;
  /** Probability that a command meets a fault. @defaultValue 0.03 */
  rate?: number;
  /**
   * Faults never played, as `phase:kind` (`ehlo:surplus`, `end:reply`): to look past a known failure. Every
   * other decision stays as it was, since the same numbers are drawn.
   */
  exclude?: string[];
}

const REFUSALS = [421, 451, 452, 554] as const;

/** The faults each phase may draw, uniformly. */
const PHASE_FAULTS: Record<FaultPhase, ReadonlyArray<Fault['kind']>> = {
  greeting: ['drop', 'reply', 'stall', 'split', 'surplus'],
  ehlo: ['drop', 'reply', 'stall', 'split', 'surplus'],
  mail: ['drop', 'reply', 'stall', 'split', 'surplus'],
  rcpt: ['drop', 'reply', 'stall', 'split', 'surplus'],
  data: ['drop', 'reply', 'stall', 'split', 'surplus'],
  body: ['drop'],
  end: ['drop', 'reply', 'stall', 'split', 'surplus', 'drop-after-reply'],
  bdat: ['drop', 'reply', 'stall', 'split', 'surplus'],
  rset: ['drop', 'reply', 'stall', 'split', 'surplus'],
};

/** FNV-1a over the key's UTF-16 units, mixed with the seed: a well-spread seed for one decision. */
function hashKey(seed: number, key: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 2147483648;
}

/** Decides faults; the same seed and key always give the same answer. */
export class FaultPlan implements FaultSource {
  readonly seed: number;
  readonly rate: number;
  private readonly excluded: ReadonlySet<string>;

  constructor(options: FaultPlanOptions) {
    this.seed = options.seed;
    this.rate = options.rate ?? 0.03;
    this.excluded = new Set(options.exclude ?? []);
  }

  /** The fault for the command named by `key` in `phase`, or undefined for normal behaviour. */
  faultFor(phase: FaultPhase, key: string): Fault | undefined {
    const next = seededRandom(hashKey(this.seed, `${phase}|${key}`));
    // The first draws of an LCG from nearby states are close: discard a few before deciding.
    for (let i = 0; i < 3; i += 1) next();
    if (next() >= this.rate) return undefined;
    const kinds = PHASE_FAULTS[phase];
    const kind = kinds[Math.floor(next() * kinds.length)] ?? 'drop';
    if (this.excluded.has(`${phase}:${kind}`)) return undefined;
    if (kind === 'reply') return { kind, code: REFUSALS[Math.floor(next() * REFUSALS.length)] ?? 451 };
    return { kind } as Fault;
  }
}
