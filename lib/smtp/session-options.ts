/** What one SMTP session needs to know: the server, TLS, authentication, timeouts (resolved, defaults filled). */
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { LookupAddress } from 'node:dns';

/** The reply passed to customAuth handlers. */
export interface AuthReply {
  code: number;
  enhancedStatus?: string;
  text: string;
}

/** What a `customAuth` handler receives. */
export interface AuthContext {
  auth: SmtpAuth;
  /** EHLO keywords the server advertised, upper case. */
  extensions: string[];
  /** Sends one line (CR/LF refused) and resolves the reply. */
  sendCommand(line: string): Promise<AuthReply>;
}

/** A handler for one mechanism; it resolves when authenticated and throws (or rejects) when not. */
export type CustomAuthHandler = (context: AuthContext) => Promise<void> | void;

/** Password authentication; `authMethod` picks the mechanism. */
export interface LoginAuth {
  type?: 'login';
  user: string;
  pass: string;
}

/** Result of an OAuth2 token provider: a token, or a token with its expiry (ms timestamp). */
export type AccessTokenResult = string | { accessToken: string; expires?: number };

/** XOAUTH2 with a static token, or with a provider called when it is missing, expired or refused. */
export interface OAuth2Auth {
  type: 'oauth2';
  user: string;
  accessToken?: string;
  /** Millisecond timestamp after which `accessToken` is stale. */
  expires?: number;
  getAccessToken?: (user: string) => Promise<AccessTokenResult> | AccessTokenResult;
}

/** A mechanism served by a `customAuth` handler. */
export interface CustomAuth {
  type: 'custom';
  method: string;
  user?: string;
  pass?: string;
  options?: Record<string, unknown>;
}

/** The `auth` option: password, OAuth2 or a custom mechanism, told apart by `type`. */
export type SmtpAuth = LoginAuth | OAuth2Auth | CustomAuth;

/** A `dns.lookup`-compatible resolver, called with `{ all: true }`. */
export type LookupFunction = (
  hostname: string,
  options: { all: true; family?: number },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * The settings a session reads, as the transport resolved them. The transport's own options extend this;
 * the protocol layer never sees pooling, DKIM or message defaults.
 */
export interface SessionOptions {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly auth?: SmtpAuth;
  readonly authMethod: string;
  readonly customAuth?: Readonly<Record<string, CustomAuthHandler>>;
  readonly tls?: Readonly<TlsOptions>;
  readonly ignoreTLS: boolean;
  readonly requireTLS: boolean;
  readonly allowInsecureAuth: boolean;
  readonly name: string;
  readonly localAddress?: string;
  readonly connectionTimeout: number;
  readonly greetingTimeout: number;
  readonly socketTimeout: number;
  readonly dnsTimeout: number;
  readonly lookup?: LookupFunction;
  readonly maxTransactionsInFlight: number;
}
