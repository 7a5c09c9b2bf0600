import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { SmtpLogger } from '../smtp/logger.js';
import type { CustomAuthHandler, LookupFunction, SessionOptions, SmtpAuth } from '../smtp/session-options.js';
import { type DkimOptions } from '../mime/dkim/dkim-options.js';
export type { AccessTokenResult, CustomAuth, LoginAuth, LookupFunction, OAuth2Auth, SmtpAuth } from '../smtp/session-options.js';
/** One DKIM signature to add (RFC 6376); defined with the signer, re-exported here with the other options. */
export type { DkimOptions } from '../mime/dkim/dkim-options.js';
export declare const DEFAULT_PORT = 587;
export declare const DEFAULT_SECURE_PORT = 465;
export declare const DEFAULT_CONNECTION_TIMEOUT_MS = 120000;
export declare const DEFAULT_GREETING_TIMEOUT_MS = 30000;
export declare const DEFAULT_SOCKET_TIMEOUT_MS = 600000;
export declare const DEFAULT_DNS_TIMEOUT_MS = 30000;
export declare const DEFAULT_MAX_CONNECTIONS = 5;
export declare const DEFAULT_MAX_MESSAGES = 100;
export declare const DEFAULT_RATE_DELTA_MS = 1000;
/** The SMTP transport options: nodemailer's names and defaults, plus pooling and ours (SPEC section 1). */
export interface SmtpOptions {
    /** @defaultValue 'localhost' */
    host?: string;
    /** @defaultValue 587, or 465 when `secure` */
    port?: number;
    /** TLS from the first byte. @defaultValue false */
    secure?: boolean;
    auth?: SmtpAuth;
    /** Preferred mechanism among those advertised. @defaultValue 'PLAIN' */
    authMethod?: string;
    customAuth?: Record<string, CustomAuthHandler>;
    tls?: TlsOptions;
    /** Never STARTTLS. @defaultValue false */
    ignoreTLS?: boolean;
    /** STARTTLS is mandatory. @defaultValue false */
    requireTLS?: boolean;
    /** Allow credentials over an unencrypted connection to a non-loopback address. @defaultValue false */
    allowInsecureAuth?: boolean;
    /** EHLO/HELO name. @defaultValue the OS host name */
    name?: string;
    localAddress?: string;
    /** @defaultValue 120000 */
    connectionTimeout?: number;
    /** @defaultValue 30000 */
    greetingTimeout?: number;
    /** @defaultValue 600000 */
    socketTimeout?: number;
    /** @defaultValue 30000 */
    dnsTimeout?: number;
    lookup?: LookupFunction;
    logger?: boolean | SmtpLogger;
    /** Also log the SMTP dialogue (secrets and content redacted). @defaultValue false */
    debug?: boolean;
    /** @defaultValue false */
    disableFileAccess?: boolean;
    /** @defaultValue false */
    disableUrlAccess?: boolean;
    /** @defaultValue false */
    pool?: boolean;
    /** @defaultValue 5 */
    maxConnections?: number;
    /** @defaultValue 100 */
    maxMessages?: number;
    /** @defaultValue 1000 */
    rateDelta?: number;
    /** Messages per `rateDelta`; off when unset. */
    rateLimit?: number;
    /** @defaultValue 1 */
    maxTransactionsInFlight?: number;
    /** `http://`, `https://`, `socks4://`, `socks4a://` or `socks5://` proxy URL; every connection goes through it. */
    proxy?: string;
    /** Sign every message with DKIM: one entry per DKIM-Signature field. */
    dkim?: DkimOptions | DkimOptions[];
}
/** Options after resolveOptions(): defaults filled in, frozen. */
export interface ResolvedSmtpOptions extends SessionOptions, Readonly<Required<Pick<SmtpOptions, 'host' | 'port' | 'secure' | 'authMethod' | 'ignoreTLS' | 'requireTLS' | 'allowInsecureAuth' | 'name' | 'connectionTimeout' | 'greetingTimeout' | 'socketTimeout' | 'dnsTimeout' | 'debug' | 'disableFileAccess' | 'disableUrlAccess' | 'pool' | 'maxConnections' | 'maxMessages' | 'rateDelta' | 'maxTransactionsInFlight'>>> {
    readonly auth?: SmtpAuth;
    readonly customAuth?: Readonly<Record<string, CustomAuthHandler>>;
    readonly tls?: Readonly<TlsOptions>;
    readonly localAddress?: string;
    readonly lookup?: LookupFunction;
    readonly logger?: boolean | SmtpLogger;
    readonly rateLimit?: number;
    readonly proxy?: string;
    readonly dkim?: readonly DkimOptions[];
}
/**
 * Validates transport options (or a connection URL), fills SPEC defaults and returns a frozen object.
 * @throws SmtpError ECONFIG naming the option at fault (never echoing a secret).
 */
export declare function resolveOptions(input: SmtpOptions | string): ResolvedSmtpOptions;
