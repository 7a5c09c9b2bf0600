/** AUTH XOAUTH2 (Google's and Microsoft's SASL profile for OAuth 2.0 bearer tokens). */
import { type AuthExchange } from './mechanism.js';
/**
 * Sends the bearer token. A refusal comes as a 334 with a base64 JSON error; the client answers with an
 * empty line and the server then sends the final 5xx, which is what the thrown EAUTH carries.
 */
export declare function authenticateXoauth2(exchange: AuthExchange, user: string, accessToken: string): Promise<void>;
