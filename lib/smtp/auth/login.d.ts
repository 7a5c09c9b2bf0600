/** AUTH LOGIN: user name and password, each answering a 334 challenge. */
import { type AuthExchange } from './mechanism.js';
export declare function authenticateLogin(exchange: AuthExchange, user: string, pass: string): Promise<void>;
