/** Picks the AUTH mechanism and runs it: configured method if advertised, else the best one offered. */
import { SmtpError } from '../../core/errors.js';
import type { Capabilities } from '../capabilities.js';
import type { SessionOptions } from '../session-options.js';
import { AUTH_CONTINUE, type AuthExchange } from './mechanism.js';
import { authenticatePlain } from './plain.js';
import { authenticateLogin } from './login.js';
import { authenticateCramMd5 } from './cram-md5.js';
import { authenticateXoauth2 } from './xoauth2.js';
import { authenticateCustom } from './custom.js';

/** Password mechanisms in order of preference when the configured one is not advertised. */
const PASSWORD_MECHANISMS = ['PLAIN', 'LOGIN', 'CRAM-MD5'] as const;

/** Supplies the OAuth2 access token (see OAuth2TokenProvider). */
export interface AccessTokenSource {
  /** The token to send now: cached while fresh, else refreshed. */
  getToken(): Promise<string>;
  /** A replacement for a token the server refused (the current one, if another connection already replaced it). */
  replaceToken(refused: string): Promise<string>;
  /** Whether a new token can be obtained at all (`getAccessToken` is configured). */
  readonly canRefresh: boolean;
}

export function chooseMechanism(options: SessionOptions, capabilities: Capabilities): string {
  const auth = options.auth;
  if (auth?.type === 'oauth2') return 'XOAUTH2';
  const preferred = (auth?.type === 'custom' ? auth.method : options.authMethod).toUpperCase();
  const offered = capabilities.authMechanisms;
  if (findCustomHandler(options, preferred) || offered.length === 0 || offered.includes(preferred)) return preferred;
  const fallback = PASSWORD_MECHANISMS.find((mechanism) => offered.includes(mechanism));
  if (!fallback) {
    throw new SmtpError('EAUTH', `the server offers none of the supported AUTH mechanisms (it offers ${offered.join(', ')})`, { phase: 'auth' });
  }
  return fallback;
}

function findCustomHandler(options: SessionOptions, mechanism: string) {
  const handlers = options.customAuth ?? {};
  return handlers[mechanism] ?? Object.entries(handlers).find(([name]) => name.toUpperCase() === mechanism)?.[1];
}

/**
 * XOAUTH2 with the current token; a refused token is replaced once (`getAccessToken` is called once
 * more) and AUTH retried once, on the same connection.
 */
async function authenticateOAuth2(exchange: AuthExchange, user: string, tokens: AccessTokenSource | undefined): Promise<void> {
  if (!tokens) throw new SmtpError('EOAUTH2', 'no OAuth2 access token configured', { phase: 'auth' });
  const token = await tokens.getToken();
  try {
    return await authenticateXoauth2(exchange, user, token);
  } catch (err) {
    // Only a refusal of the token is worth a new one: not a closing server, nor an endless exchange.
    const isRefusal = err instanceof SmtpError && err.code === 'EAUTH' && err.responseCode !== undefined && err.responseCode !== AUTH_CONTINUE;
    if (!isRefusal || !tokens.canRefresh) throw err;
  }
  return authenticateXoauth2(exchange, user, await tokens.replaceToken(token));
}

/**
 * Authenticates with the chosen mechanism. XOAUTH2 refused once is retried once with a refreshed token,
 * when a token provider can refresh it.
 * @throws SmtpError EAUTH (or EOAUTH2 when no token could be obtained).
 */
export async function authenticate(
  exchange: AuthExchange,
  options: SessionOptions,
  capabilities: Capabilities,
  tokens: AccessTokenSource | undefined,
): Promise<void> {
  const auth = options.auth;
  if (!auth) return;
  const mechanism = chooseMechanism(options, capabilities);
  const custom = findCustomHandler(options, mechanism);
  if (custom) {
    return authenticateCustom(exchange, custom, auth, [...capabilities.extensions.keys()], mechanism);
  }
  if (mechanism === 'XOAUTH2') return authenticateOAuth2(exchange, auth.user ?? '', tokens);
  if (auth.type === 'custom' || auth.type === 'oauth2') {
    throw new SmtpError('EAUTH', `no customAuth handler for ${mechanism}`, { phase: 'auth' });
  }
  switch (mechanism) {
    case 'PLAIN':
      return authenticatePlain(exchange, auth.user, auth.pass);
    case 'LOGIN':
      return authenticateLogin(exchange, auth.user, auth.pass);
    case 'CRAM-MD5':
      return authenticateCramMd5(exchange, auth.user, auth.pass);
    default:
      throw new SmtpError('EAUTH', `unsupported AUTH mechanism ${mechanism}; add a customAuth handler for it`, { phase: 'auth' });
  }
}
