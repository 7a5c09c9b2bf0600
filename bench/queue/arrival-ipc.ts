/** Typed messages between a queue scenario run and its arrival sink child. */
import type { Arrival } from './arrival-session.js';

/** What the arrival sink is started with. */
export interface ArrivalSinkConfig {
  /** EHLO keywords after the greeting line. */
  extensions: string[];
  /** Hold back the 250 of the first message carrying this key (the crash run). */
  holdKey?: string;
}

export type ArrivalSinkRequest = { type: 'count'; id: number } | { type: 'arrivals'; id: number } | { type: 'close'; id: number };

export type ArrivalSinkEvent =
  | { type: 'ready'; port: number }
  | { type: 'held'; key: string; clientPort: number }
  | { type: 'count'; id: number; total: number; distinct: number }
  | { type: 'arrivals'; id: number; arrivals: Arrival[] }
  | { type: 'closed'; id: number };
