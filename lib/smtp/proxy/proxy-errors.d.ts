/** EPROXY errors for the proxy handshakes: the proxy's answer made printable, the password never included. */
import { SmtpError } from '../../core/errors.js';
import type { ProxyConfig } from './proxy-url.js';
/** `socks5 proxy 10.0.0.1:1080`: how messages name the proxy (never with its credentials). */
export declare function describeProxy(proxy: ProxyConfig): string;
/** The first bytes of an answer as printable text: controls and non-ASCII become `\xNN`. */
export declare function quoteAnswer(answer: Buffer): string;
/** Removes the proxy password (and the Basic credentials built from it) from a message, whatever echoed it. */
export declare function redactProxySecret(message: string, proxy: ProxyConfig): string;
/** A refusal or a garbled answer from the proxy (SPEC: EPROXY), phase `connect`. */
export declare function proxyError(proxy: ProxyConfig, message: string, cause?: unknown): SmtpError;
