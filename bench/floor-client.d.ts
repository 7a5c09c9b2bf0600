import type { BenchClient, ClientSettings } from './clients.js';
/** Opens a session (greeting, EHLO) and returns a client that sends one message at a time. */
export declare function createFloorClient(settings: ClientSettings): Promise<BenchClient>;
