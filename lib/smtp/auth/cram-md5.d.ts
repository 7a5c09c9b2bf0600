import { type AuthExchange } from './mechanism.js';
export declare function authenticateCramMd5(exchange: AuthExchange, user: string, pass: string): Promise<void>;
