/** AUTH PLAIN (RFC 4616), with the initial response on the AUTH line (RFC 4954 §4). */
import { type AuthExchange } from './mechanism.js';
export declare function authenticatePlain(exchange: AuthExchange, user: string, pass: string): Promise<void>;
