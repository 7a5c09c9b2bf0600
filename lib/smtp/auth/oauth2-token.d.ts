import type { OAuth2Auth } from '../session-options.js';
import type { AccessTokenSource } from './select.js';
/** What the `token` event carries. */
export interface TokenEvent {
    user: string;
    accessToken: string;
    /** Millisecond timestamp, when the provider gave one. */
    expires?: number;
}
/**
 * The token source of one transport, shared by all its connections (a pool's included). The token in
 * hand is used while it is fresh; a missing or expired one, or one the server refused, is replaced
 * through `getAccessToken`. Connections asking at the same time share one call, and a connection
 * whose token was refused after another connection already replaced it gets the replacement instead
 * of a second call.
 */
export declare class OAuth2TokenProvider implements AccessTokenSource {
    private readonly auth;
    private readonly onToken;
    private readonly now;
    private accessToken?;
    private expires?;
    private refreshing?;
    /**
     * @param onToken told of every new token (the transport's `token` event); a listener that throws does not fail AUTH.
     * @param now the clock, for tests.
     */
    constructor(auth: OAuth2Auth, onToken: (event: TokenEvent) => void, now?: () => number);
    get canRefresh(): boolean;
    /**
     * The token to send: the current one while fresh, else a new one. A static token (no
     * `getAccessToken`) is sent even when past `expires`: only the server can say it is no longer good.
     * @throws SmtpError EOAUTH2 when there is no token and none can be obtained, or the provider fails.
     */
    getToken(): Promise<string>;
    /**
     * A token to use in place of `refused` (the server turned it down): the current one if another
     * connection has replaced it meanwhile, else a new one from `getAccessToken`.
     * @throws SmtpError EOAUTH2 when no new token can be obtained.
     */
    replaceToken(refused: string): Promise<string>;
    private isExpired;
    private refresh;
    private fetchToken;
}
