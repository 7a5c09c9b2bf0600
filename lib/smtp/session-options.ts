/** What one SMTP session needs to know: the server, TLS, authentication, timeouts (resolved, defaults filled). */
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { LookupAddress } from 'node:dns';

/** The reply passed to customAuth handlers. */
export interface AuthReply {
  /** The reply code, e.g. 334 or 235. */
  code: number;
  /** The enhanced status code (`5.7.8`), when the server sends one. */
  enhancedStatus?: string;
  /** The reply text, lines joined with a space. */
  text: string;
}

/** What a `customAuth` handler receives. */
export interface AuthContext {
  /** The configured `auth` option. */
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
  /** Optional tag for this kind. */
  type?: 'login';
  /** The user name. */
  user: string;
  /** The password; never logged or put in an error. */
  pass: string;
}

/** Result of an OAuth2 token provider: a token, or a token with its expiry (ms timestamp). */
export type AccessTokenResult =
  | string
  | {
      /** The token. */
      accessToken: string;
      /** Millisecond timestamp after which the token is stale. */
      expires?: number;
    };

/** XOAUTH2 with a static token, or with a provider called when it is missing, expired or refused. */
export interface OAuth2Auth {
  /** Selects XOAUTH2. */
  type: 'oauth2';
  /** The account the token belongs to. */
  user: string;
  /** A token to start with; without `getAccessToken` it is sent as is. */
  accessToken?: string;
  /** Millisecond timestamp after which `accessToken` is stale. */
  expires?: number;
  /** Gives a new token when there is none, it expired, or the server refused it; failures are `EOAUTH2`. */
  getAccessToken?: (user: string) => Promise<AccessTokenResult> | AccessTokenResult;
}

/** A mechanism served by a `customAuth` handler. */
export interface CustomAuth {
  /** Selects the `customAuth` handler named by `method`. */
  type: 'custom';
  /** The mechanism name, a key of `customAuth`. */
  method: string;
  /** Passed to the handler in `ctx.auth`. */
  user?: string;
  /** Passed to the handler in `ctx.auth`; never logged. */
  pass?: string;
  /** Anything else the handler needs. */
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
  /** The server name or IP. */
  readonly host: string;
  /** The server port. */
  readonly port: number;
  /** TLS from the first byte. */
  readonly secure: boolean;
  /** The credentials, if any. */
  readonly auth?: SmtpAuth;
  /** The preferred AUTH mechanism. */
  readonly authMethod: string;
  /** Handlers for AUTH mechanisms, by name. */
  readonly customAuth?: Readonly<Record<string, CustomAuthHandler>>;
  /** `tls.connect` options. */
  readonly tls?: Readonly<TlsOptions>;
  /** Never STARTTLS. */
  readonly ignoreTLS: boolean;
  /** STARTTLS is mandatory. */
  readonly requireTLS: boolean;
  /** Allow credentials over an unencrypted connection to a non-loopback address. */
  readonly allowInsecureAuth: boolean;
  /** The EHLO/HELO name. */
  readonly name: string;
  /** The local interface to connect from. */
  readonly localAddress?: string;
  /** Milliseconds for TCP connect to all addresses, TLS handshake included. */
  readonly connectionTimeout: number;
  /** Milliseconds to wait for the 220 greeting. */
  readonly greetingTimeout: number;
  /** Milliseconds of inactivity allowed while waiting for a reply or for the server to read. */
  readonly socketTimeout: number;
  /** Milliseconds for DNS resolution. */
  readonly dnsTimeout: number;
  /** A resolver used instead of DNS. */
  readonly lookup?: LookupFunction;
  /** How many transactions one connection may have written before their replies arrive (PIPELINING and CHUNKING). */
  readonly maxTransactionsInFlight: number;
}
