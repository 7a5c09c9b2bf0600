/** OAuth2 access tokens for one transport: cached, refreshed on expiry or refusal, one refresh in flight. */
import { SmtpError } from '../../core/errors.js';
import type { AccessTokenResult, OAuth2Auth } from '../session-options.js';
import type { AccessTokenSource } from './select.js';

/** What the `token` event carries. */
export interface TokenEvent {
  /** The account the token belongs to. */
  user: string;
  /** The new token. */
  accessToken: string;
  /** Millisecond timestamp, when the provider gave one. */
  expires?: number;
}

/** Refresh a token this long before it expires, so it does not lapse mid-dialogue. */
const EXPIRY_MARGIN_MS = 5_000;

/**
 * The token source of one transport, shared by all its connections (a pool's included). The token in
 * hand is used while it is fresh; a missing or expired one, or one the server refused, is replaced
 * through `getAccessToken`. Connections asking at the same time share one call, and a connection
 * whose token was refused after another connection already replaced it gets the replacement instead
 * of a second call.
 */
export class OAuth2TokenProvider implements AccessTokenSource {
  private accessToken?: string;
  private expires?: number;
  private refreshing?: Promise<string>;

  /**
   * @param onToken told of every new token (the transport's `token` event); a listener that throws does not fail AUTH.
   * @param now the clock, for tests.
   */
  constructor(
    private readonly auth: OAuth2Auth,
    private readonly onToken: (event: TokenEvent) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.accessToken = auth.accessToken || undefined;
    this.expires = typeof auth.expires === 'number' ? auth.expires : undefined;
  }

  get canRefresh(): boolean {
    return typeof this.auth.getAccessToken === 'function';
  }

  /**
   * The token to send: the current one while fresh, else a new one. A static token (no
   * `getAccessToken`) is sent even when past `expires`: only the server can say it is no longer good.
   * @throws SmtpError EOAUTH2 when there is no token and none can be obtained, or the provider fails.
   */
  async getToken(): Promise<string> {
    if (this.refreshing) return this.refreshing;
    if (this.accessToken !== undefined && (!this.isExpired() || !this.canRefresh)) return this.accessToken;
    return this.refresh();
  }

  /**
   * A token to use in place of `refused` (the server turned it down): the current one if another
   * connection has replaced it meanwhile, else a new one from `getAccessToken`.
   * @throws SmtpError EOAUTH2 when no new token can be obtained.
   */
  async replaceToken(refused: string): Promise<string> {
    if (this.refreshing) return this.refreshing;
    if (this.accessToken !== undefined && this.accessToken !== refused && !this.isExpired()) return this.accessToken;
    return this.refresh();
  }

  private isExpired(): boolean {
    return this.expires !== undefined && this.expires - EXPIRY_MARGIN_MS <= this.now();
  }

  private refresh(): Promise<string> {
    if (!this.canRefresh) {
      return Promise.reject(
        new SmtpError('EOAUTH2', 'the OAuth2 access token is missing or was refused, and no getAccessToken is configured to get another', { phase: 'auth' }),
      );
    }
    this.refreshing ??= this.fetchToken().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async fetchToken(): Promise<string> {
    const provider = this.auth.getAccessToken as NonNullable<OAuth2Auth['getAccessToken']>;
    let result: AccessTokenResult | undefined;
    try {
      result = await provider(this.auth.user);
    } catch (err) {
      throw new SmtpError('EOAUTH2', `getAccessToken failed for the OAuth2 user: ${err instanceof Error ? err.message : String(err)}`, { phase: 'auth', cause: err });
    }
    const accessToken = typeof result === 'string' ? result : result?.accessToken;
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new SmtpError('EOAUTH2', 'getAccessToken returned no access token (expected a string or { accessToken, expires? })', { phase: 'auth' });
    }
    const expires = typeof result === 'object' && typeof result.expires === 'number' && Number.isFinite(result.expires) ? result.expires : undefined;
    this.accessToken = accessToken;
    this.expires = expires;
    try {
      this.onToken({ user: this.auth.user, accessToken, expires });
    } catch {
      // A failing `token` listener is the application's bug; the token itself is good, so AUTH goes on.
    }
    return accessToken;
  }
}
