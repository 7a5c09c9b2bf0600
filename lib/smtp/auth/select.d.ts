import type { Capabilities } from '../capabilities.js';
import type { SessionOptions } from '../session-options.js';
import { type AuthExchange } from './mechanism.js';
/** Supplies the OAuth2 access token (see OAuth2TokenProvider). */
export interface AccessTokenSource {
    /** The token to send now: cached while fresh, else refreshed. */
    getToken(): Promise<string>;
    /** A replacement for a token the server refused (the current one, if another connection already replaced it). */
    replaceToken(refused: string): Promise<string>;
    /** Whether a new token can be obtained at all (`getAccessToken` is configured). */
    readonly canRefresh: boolean;
}
export declare function chooseMechanism(options: SessionOptions, capabilities: Capabilities): string;
/**
 * Authenticates with the chosen mechanism. XOAUTH2 refused once is retried once with a refreshed token,
 * when a token provider can refresh it.
 * @throws SmtpError EAUTH (or EOAUTH2 when no token could be obtained).
 */
export declare function authenticate(exchange: AuthExchange, options: SessionOptions, capabilities: Capabilities, tokens: AccessTokenSource | undefined): Promise<void>;
