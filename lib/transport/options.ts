/** SmtpOptions, their documented defaults, and resolveOptions(): validate once, fill defaults, freeze. */
import { hostname } from 'node:os';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { SmtpError } from '../core/errors.js';
import { parseConnectionUrl } from './url.js';
import type { SmtpLogger } from '../smtp/logger.js';
import type { CustomAuthHandler, LookupFunction, SessionOptions, SmtpAuth } from '../smtp/session-options.js';
import { validateProxyUrl } from '../smtp/proxy/proxy-url.js';
import { resolveDkimSigner, validateDkimOptions, type DkimOptions } from '../mime/dkim/dkim-options.js';
import type { TemplateRenderer } from './template-renderer.js';
import { resolveRecipientPolicy } from './recipient-policy.js';
import { checkOptionNames } from './option-names.js';

export type { AccessTokenResult, CustomAuth, LoginAuth, LookupFunction, OAuth2Auth, SmtpAuth } from '../smtp/session-options.js';

/** One DKIM signature to add (RFC 6376); defined with the signer, re-exported here with the other options. */
export type { DkimOptions } from '../mime/dkim/dkim-options.js';

export const DEFAULT_PORT = 587;
export const DEFAULT_SECURE_PORT = 465;
export const DEFAULT_CONNECTION_TIMEOUT_MS = 120_000;
export const DEFAULT_GREETING_TIMEOUT_MS = 30_000;
export const DEFAULT_SOCKET_TIMEOUT_MS = 600_000;
export const DEFAULT_DNS_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CONNECTIONS = 5;
export const DEFAULT_MAX_MESSAGES = 100;
export const DEFAULT_RATE_DELTA_MS = 1000;

/**
 * The SMTP transport options: nodemailer's names, values and defaults, plus pooling and ours. Any other name is
 * refused (ECONFIG), with the option meant for a near miss.
 */
export interface SmtpOptions {
  /** @defaultValue 'localhost' */
  host?: string;
  /** A number, or a string of digits (as read from the environment). @defaultValue 587, or 465 when `secure` */
  port?: number | string;
  /** TLS from the first byte. @defaultValue true when `port` is 465, else false */
  secure?: boolean;
  /** Credentials: a password, OAuth2 (`type: 'oauth2'`) or a custom mechanism (`type: 'custom'`). None: no AUTH. */
  auth?: SmtpAuth;
  /** Preferred mechanism among those advertised. @defaultValue 'PLAIN' */
  authMethod?: string;
  /** Handlers for AUTH mechanisms, by mechanism name; one named like a built-in replaces it. */
  customAuth?: Record<string, CustomAuthHandler>;
  /** `tls.connect` options for implicit TLS and STARTTLS, e.g. `{ ca }`; `servername` names the host to verify when `host` is an IP. */
  tls?: TlsOptions;
  /** Never STARTTLS. @defaultValue false */
  ignoreTLS?: boolean;
  /** STARTTLS is mandatory. @defaultValue false */
  requireTLS?: boolean;
  /** Allow credentials over an unencrypted connection to a non-loopback address. @defaultValue false */
  allowInsecureAuth?: boolean;
  /** EHLO/HELO name. @defaultValue the OS host name */
  name?: string;
  /** The local interface to connect from. */
  localAddress?: string;
  /** @defaultValue 120000 */
  connectionTimeout?: number;
  /** @defaultValue 30000 */
  greetingTimeout?: number;
  /** @defaultValue 600000 */
  socketTimeout?: number;
  /** @defaultValue 30000 */
  dnsTimeout?: number;
  /** A resolver used instead of DNS (`dns.lookup` form, called with `all: true`). */
  lookup?: LookupFunction;
  /** `true` logs to the console; a bunyan/pino-style or Nest logger receives the log. @defaultValue false */
  logger?: boolean | SmtpLogger;
  /** Also log the SMTP dialogue (secrets and content redacted). @defaultValue false */
  debug?: boolean;
  /** @defaultValue false */
  disableFileAccess?: boolean;
  /** @defaultValue false */
  disableUrlAccess?: boolean;
  /** @defaultValue false */
  pool?: boolean;
  /**
   * Sessions open at once, pooled or not (without `pool`, further messages wait in arrival order); `Infinity`
   * for no bound. @defaultValue 5
   */
  maxConnections?: number;
  /** Messages per pooled connection before it is replaced; `Infinity` for no limit. @defaultValue 100 */
  maxMessages?: number;
  /** @defaultValue 1000 */
  rateDelta?: number;
  /** Messages per `rateDelta`; off when unset, `false`, `0` or `Infinity`. */
  rateLimit?: number | false;
  /** @defaultValue 1 */
  maxTransactionsInFlight?: number;
  /** `http://`, `https://`, `socks4://`, `socks4a://` or `socks5://` proxy URL; every connection goes through it. */
  proxy?: string;
  /** Sign every message with DKIM: one entry per DKIM-Signature field. */
  dkim?: DkimOptions | DkimOptions[];
  /**
   * Named templates for `sendMail({ template, context, locale })`: an adapter from `nestjs-smtp/templates`
   * (Handlebars, MJML, React Email, plain functions) or any {@link TemplateRenderer}.
   */
  templates?: TemplateRenderer<object>;
  /**
   * Staging safety: every message goes to these addresses instead (envelope and To); the original To, Cc and
   * Bcc are kept in `X-Original-To`, `X-Original-Cc` and `X-Original-Bcc`. A string may list several, comma-separated.
   */
  redirectTo?: string | string[];
  /**
   * Staging safety: the only recipients allowed, as addresses or `@domain` (case-insensitive); a message to anyone
   * else fails with EENVELOPE before a connection opens. A string may list several, comma-separated.
   */
  allowRecipients?: string | string[];
}

/** Options after resolveOptions(): defaults filled in, frozen. */
export interface ResolvedSmtpOptions
  extends SessionOptions,
    Readonly<
    Required<
      Pick<
        SmtpOptions,
        | 'host' | 'secure' | 'authMethod' | 'ignoreTLS' | 'requireTLS' | 'allowInsecureAuth' | 'name'
        | 'connectionTimeout' | 'greetingTimeout' | 'socketTimeout' | 'dnsTimeout' | 'debug' | 'disableFileAccess'
        | 'disableUrlAccess' | 'pool' | 'maxConnections' | 'maxMessages' | 'rateDelta' | 'maxTransactionsInFlight'
      >
    >
  > {
  /** The port, resolved (a string of digits given in the options is a number here). */
  readonly port: number;
  /** See {@link SmtpOptions.auth}. */
  readonly auth?: SmtpAuth;
  /** See {@link SmtpOptions.customAuth}. */
  readonly customAuth?: Readonly<Record<string, CustomAuthHandler>>;
  /** See {@link SmtpOptions.tls}. */
  readonly tls?: Readonly<TlsOptions>;
  /** See {@link SmtpOptions.localAddress}. */
  readonly localAddress?: string;
  /** See {@link SmtpOptions.lookup}. */
  readonly lookup?: LookupFunction;
  /** See {@link SmtpOptions.logger}. */
  readonly logger?: boolean | SmtpLogger;
  /** See {@link SmtpOptions.rateLimit}. */
  readonly rateLimit?: number;
  /** See {@link SmtpOptions.proxy}. */
  readonly proxy?: string;
  /** The DKIM signatures, always as an array. */
  readonly dkim?: readonly DkimOptions[];
  /** See {@link SmtpOptions.templates}. */
  readonly templates?: TemplateRenderer<object>;
  /** Bare addresses. */
  readonly redirectTo?: readonly string[];
  /** Lower-case addresses and `@domain` entries, domains in ASCII. */
  readonly allowRecipients?: readonly string[];
}

/** Typed as a record so that an option added to `SmtpOptions` and not here is a compile error, not an ECONFIG. */
const OPTION_NAMES: Record<keyof SmtpOptions, true> = {
  host: true, port: true, secure: true, auth: true, authMethod: true, customAuth: true, tls: true, ignoreTLS: true,
  requireTLS: true, allowInsecureAuth: true, name: true, localAddress: true, connectionTimeout: true, greetingTimeout: true,
  socketTimeout: true, dnsTimeout: true, lookup: true, logger: true, debug: true, disableFileAccess: true,
  disableUrlAccess: true, pool: true, maxConnections: true, maxMessages: true, rateDelta: true, rateLimit: true,
  maxTransactionsInFlight: true, proxy: true, dkim: true, templates: true, redirectTo: true, allowRecipients: true,
};

/** Every option `SmtpOptions` has; anything else is refused. */
export const KNOWN_OPTIONS: readonly string[] = Object.freeze(Object.keys(OPTION_NAMES));

const BOOLEAN_OPTIONS = [
  'secure', 'ignoreTLS', 'requireTLS', 'allowInsecureAuth', 'debug', 'disableFileAccess', 'disableUrlAccess',
] as const;
const DURATION_OPTIONS = ['connectionTimeout', 'greetingTimeout', 'socketTimeout', 'dnsTimeout', 'rateDelta'] as const;
/** Counts where nodemailer documents `Infinity` (no limit). */
const UNBOUNDED_COUNT_OPTIONS = ['maxConnections', 'maxMessages'] as const;
const STRING_OPTIONS = ['host', 'authMethod', 'name', 'localAddress', 'proxy'] as const;

function invalid(option: string, why: string): never {
  throw new SmtpError('ECONFIG', `invalid option ${option}: ${why}`);
}

function checkTypes(options: SmtpOptions): void {
  for (const key of BOOLEAN_OPTIONS) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') invalid(key, 'expected true or false');
  }
  if (options.pool !== undefined && typeof options.pool !== 'boolean') {
    invalid('pool', 'expected true or false; the pool settings are the options maxConnections, maxMessages, rateLimit and rateDelta');
  }
  for (const key of DURATION_OPTIONS) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      invalid(key, 'expected a non-negative number of milliseconds');
    }
  }
  for (const key of UNBOUNDED_COUNT_OPTIONS) {
    const value = options[key];
    if (value !== undefined && value !== Number.POSITIVE_INFINITY && !isPositiveInteger(value)) {
      invalid(key, 'expected a positive integer, or Infinity for no limit');
    }
  }
  const rateLimit = options.rateLimit;
  if (rateLimit !== undefined && rateLimit !== false && rateLimit !== 0 && rateLimit !== Number.POSITIVE_INFINITY && !isPositiveInteger(rateLimit)) {
    invalid('rateLimit', 'expected a positive integer (messages per rateDelta), or false or 0 for no limit');
  }
  if (options.maxTransactionsInFlight !== undefined && !isPositiveInteger(options.maxTransactionsInFlight)) {
    invalid('maxTransactionsInFlight', 'expected a positive integer');
  }
  for (const key of STRING_OPTIONS) {
    if (options[key] !== undefined && typeof options[key] !== 'string') invalid(key, 'expected a string');
  }
  const port = options.port;
  if (port !== undefined && toPort(port) === undefined) invalid('port', `${JSON.stringify(port)} is not a TCP port (1-65535)`);
  if (options.lookup !== undefined && typeof options.lookup !== 'function') invalid('lookup', 'expected a function');
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** A port given as a number or a string of digits (nodemailer takes both), or undefined when it is neither. */
function toPort(value: unknown): number | undefined {
  const port = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : value;
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
}

function checkTls(tls: unknown): void {
  if (tls === undefined) return;
  if (typeof tls !== 'object' || tls === null) invalid('tls', 'expected an object of tls.connect options');
  const rejectUnauthorized = (tls as TlsOptions).rejectUnauthorized;
  if (rejectUnauthorized !== undefined && typeof rejectUnauthorized !== 'boolean') {
    invalid('tls.rejectUnauthorized', 'expected true or false');
  }
}

function checkAuth(auth: unknown, customAuth: SmtpOptions['customAuth']): void {
  if (auth === undefined) return;
  if (typeof auth !== 'object' || auth === null) invalid('auth', 'expected an object');
  const value = auth as { type?: string; user?: unknown; pass?: unknown; accessToken?: unknown; getAccessToken?: unknown; method?: unknown };
  const type = normalizeAuthType(value.type);
  if (type === 'login') {
    if (typeof value.user !== 'string' || typeof value.pass !== 'string') invalid('auth', 'expected user and pass strings');
  } else if (type === 'oauth2') {
    if (typeof value.user !== 'string') invalid('auth.user', 'expected a string');
    if (value.accessToken === undefined && typeof value.getAccessToken !== 'function') {
      // nodemailer users may bring clientId/clientSecret/refreshToken: the refresh flow is theirs to run here.
      invalid('auth', 'oauth2 needs accessToken or getAccessToken (nestjs-smtp does not run the OAuth2 refresh flow itself; call your provider in getAccessToken)');
    }
  } else if (type === 'custom') {
    const method = value.method;
    if (typeof method !== 'string' || !method) invalid('auth.method', 'expected a mechanism name');
    const hasHandler = Object.entries(customAuth ?? {}).some(([name, handler]) => name.toUpperCase() === method.toUpperCase() && typeof handler === 'function');
    if (!hasHandler) invalid('customAuth', `no handler for auth.method ${method}`);
  } else {
    invalid('auth.type', `unknown type ${JSON.stringify(value.type)} (login, oauth2 or custom)`);
  }
}

/** `auth.type` in any case (nodemailer writes 'OAuth2' and 'LOGIN'); none means password login. */
function normalizeAuthType(type: unknown): unknown {
  if (type === undefined) return 'login';
  return typeof type === 'string' ? type.toLowerCase() : type;
}

/** The auth option with its type in the spelling the engine matches on. */
function withNormalizedType(auth: SmtpAuth | undefined): SmtpAuth | undefined {
  if (auth === undefined || auth.type === undefined) return auth;
  const type = normalizeAuthType(auth.type);
  return type === auth.type ? auth : ({ ...auth, type } as SmtpAuth);
}

/** Only the options `SmtpOptions` has: an unsupported one set to `false` is accepted, never carried along. */
function pickKnownOptions(options: SmtpOptions): SmtpOptions {
  return Object.fromEntries(Object.entries(options).filter(([name]) => KNOWN_OPTIONS.includes(name))) as SmtpOptions;
}

function checkName(name: string | undefined): void {
  // The name goes on the EHLO line as is; a line break would let it inject commands.
  if (name !== undefined && (!name || /[\s\u0000-\u001f\u007f]/.test(name))) {
    invalid('name', 'must be a host name without spaces, CR or LF');
  }
}

/**
 * Validates transport options (or a connection URL), fills the documented defaults and returns a frozen object.
 * @throws SmtpError ECONFIG naming the option at fault (never echoing a secret).
 */
export function resolveOptions(input: SmtpOptions | string): ResolvedSmtpOptions {
  // A URL's options are checked below like any other input.
  const options: SmtpOptions = typeof input === 'string' ? (parseConnectionUrl(input) as SmtpOptions) : input;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) invalid('options', 'expected an object or a connection URL');
  checkOptionNames(options, KNOWN_OPTIONS);
  checkTypes(options);
  checkTls(options.tls);
  checkAuth(options.auth, options.customAuth);
  checkName(options.name);
  // Both throw ECONFIG naming the field at fault, never quoting the proxy password or the key.
  if (options.proxy !== undefined) validateProxyUrl(options.proxy);
  if (options.dkim !== undefined) validateDkimOptions(options.dkim);
  const recipientPolicy = resolveRecipientPolicy(options);
  if (options.requireTLS && options.ignoreTLS) invalid('requireTLS', 'cannot be combined with ignoreTLS');
  if (options.templates !== undefined && !isTemplateRenderer(options.templates)) {
    invalid('templates', 'expected a template renderer (an object with compile() and render()), e.g. from nestjs-smtp/templates');
  }
  if (options.logger !== undefined && typeof options.logger !== 'boolean' && typeof options.logger !== 'object') {
    invalid('logger', 'expected true, false or a logger object');
  }
  const auth = withNormalizedType(options.auth);
  const port = options.port === undefined ? undefined : toPort(options.port);
  // As nodemailer: port 465 is implicit TLS unless `secure` says otherwise.
  const secure = options.secure ?? port === DEFAULT_SECURE_PORT;
  const resolved: ResolvedSmtpOptions = {
    ...pickKnownOptions(options),
    ...(auth === undefined ? {} : { auth }),
    host: options.host || 'localhost',
    port: port ?? (secure ? DEFAULT_SECURE_PORT : DEFAULT_PORT),
    secure,
    authMethod: (options.authMethod ?? defaultAuthMethod(auth)).toUpperCase(),
    ignoreTLS: options.ignoreTLS ?? false,
    requireTLS: options.requireTLS ?? false,
    allowInsecureAuth: options.allowInsecureAuth ?? false,
    name: options.name ?? defaultClientName(),
    connectionTimeout: options.connectionTimeout ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    greetingTimeout: options.greetingTimeout ?? DEFAULT_GREETING_TIMEOUT_MS,
    socketTimeout: options.socketTimeout ?? DEFAULT_SOCKET_TIMEOUT_MS,
    dnsTimeout: options.dnsTimeout ?? DEFAULT_DNS_TIMEOUT_MS,
    debug: options.debug ?? false,
    disableFileAccess: options.disableFileAccess ?? false,
    disableUrlAccess: options.disableUrlAccess ?? false,
    pool: options.pool ?? false,
    maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    maxMessages: options.maxMessages ?? DEFAULT_MAX_MESSAGES,
    rateDelta: options.rateDelta ?? DEFAULT_RATE_DELTA_MS,
    // false, 0 and Infinity all mean no limit, as in nodemailer.
    rateLimit: options.rateLimit && Number.isFinite(options.rateLimit) ? options.rateLimit : undefined,
    maxTransactionsInFlight: options.maxTransactionsInFlight ?? 1,
    // Keys are parsed once here, not for every message signed.
    dkim: options.dkim === undefined
      ? undefined
      : Object.freeze([options.dkim].flat().map((entry, index) => ({ ...entry, privateKey: resolveDkimSigner(entry, index).key }))),
    redirectTo: recipientPolicy?.redirectTo,
    allowRecipients: recipientPolicy?.allowRecipients,
  };
  return Object.freeze(resolved);
}

function isTemplateRenderer(value: unknown): value is TemplateRenderer<object> {
  const candidate = value as Partial<TemplateRenderer<object>> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.compile === 'function' && typeof candidate.render === 'function';
}

function defaultAuthMethod(auth: SmtpAuth | undefined): string {
  if (auth?.type === 'oauth2') return 'XOAUTH2';
  if (auth?.type === 'custom') return auth.method;
  return 'PLAIN';
}

/** The OS host name when it is a usable EHLO argument, else an address literal (RFC 5321 §4.1.4). */
function defaultClientName(): string {
  const name = hostname();
  return /^[A-Za-z0-9.-]+$/.test(name) && name.includes('.') ? name : name && /^[A-Za-z0-9-]+$/.test(name) ? name : '[127.0.0.1]';
}
