/** OAuth2 access tokens for one transport: cached, refreshed on expiry or refusal, one refresh in flight. */
import { SmtpError } from '../errors.js';
import type { OAuth2Auth } from '../options.js';
import type { AccessTokenSource } from './select.js';

/** What the `token` event carries. */
export interface TokenEvent {
  user: string;
  accessToken: string;
  expires?: number;
}

/** Refresh a token this long before it expires, so it does not lapse mid-dialogue. */
const EXPIRY_MARGIN_MS = 5_000;

export class OAuth2TokenProvider implements AccessTokenSource {
  private accessToken?: string;
  private expires?: number;
  private refreshing?: Promise<string>;

  constructor(
    private readonly auth: OAuth2Auth,
    private readonly onToken: (event: TokenEvent) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.accessToken = auth.accessToken;
    this.expires = auth.expires;
  }

  get canRefresh(): boolean {
    return typeof this.auth.getAccessToken === 'function';
  }

  /**
   * The current token, or a fresh one when it is missing, expired, or `refresh` is asked (after a refusal).
   * Concurrent callers share one refresh.
   * @throws SmtpError EOAUTH2 when the provider fails or returns nothing.
   */
  async getToken({ refresh }: { refresh: boolean }): Promise<string> {
    const isStale = !this.accessToken || (this.expires !== undefined && this.expires - EXPIRY_MARGIN_MS <= this.now());
    if (!refresh && !isStale) return this.accessToken as string;
    if (!this.canRefresh) {
      if (this.accessToken && !refresh) return this.accessToken;
      throw new SmtpError('EOAUTH2', 'the OAuth2 access token is missing or expired and no getAccessToken is configured', { phase: 'auth' });
    }
    this.refreshing ??= this.fetchToken().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async fetchToken(): Promise<string> {
    let result: Awaited<ReturnType<NonNullable<OAuth2Auth['getAccessToken']>>>;
    try {
      result = await (this.auth.getAccessToken as NonNullable<OAuth2Auth['getAccessToken']>)(this.auth.user);
    } catch (err) {
      throw new SmtpError('EOAUTH2', `getAccessToken failed: ${err instanceof Error ? err.message : String(err)}`, { phase: 'auth', cause: err });
    }
    const accessToken = typeof result === 'string' ? result : result?.accessToken;
    if (typeof accessToken !== 'string' || !accessToken) {
      throw new SmtpError('EOAUTH2', 'getAccessToken returned no access token', { phase: 'auth' });
    }
    this.accessToken = accessToken;
    this.expires = typeof result === 'object' ? result.expires : undefined;
    this.onToken({ user: this.auth.user, accessToken, expires: this.expires });
    return accessToken;
  }
}
