/**
 * The two contenders behind one small interface. Each library is imported only in the process that measures it,
 * so neither one's code or memory is counted against the other.
 */
import type { MailMessage } from '../lib/mime/message.interface.js';
/** `floor` is a reference client that composes nothing (floor-client.ts), not a contender. */
export type Side = 'ours' | 'nodemailer' | 'floor';
/** Transport settings a scenario chooses; both sides get exactly these. */
export interface ClientSettings {
    port: number;
    pool: boolean;
    maxConnections?: number;
    maxMessages?: number;
    /** Ours only (nodemailer has no equivalent); ignored for nodemailer. */
    maxTransactionsInFlight?: number;
}
/** What the scenarios need from a transport. */
export interface BenchClient {
    send(message: MailMessage): Promise<void>;
    close(): Promise<void>;
}
/** Loads one side's library and creates its transport. */
export declare function createClient(side: Side, settings: ClientSettings): Promise<BenchClient>;
