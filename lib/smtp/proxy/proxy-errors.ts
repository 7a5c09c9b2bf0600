/** EPROXY errors for the proxy handshakes: the proxy's answer made printable, the password never included. */
import { SmtpError } from '../../core/errors.js';
import type { ProxyConfig } from './proxy-url.js';

/** How much of a proxy's answer an error message quotes. */
const MAX_QUOTED_ANSWER_CHARS = 200;

/** `socks5 proxy 10.0.0.1:1080`: how messages name the proxy (never with its credentials). */
export function describeProxy(proxy: ProxyConfig): string {
  const host = proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host;
  return `${proxy.protocol} proxy ${host}:${proxy.port}`;
}

/** The first bytes of an answer as printable text: controls and non-ASCII become `\xNN`. */
export function quoteAnswer(answer: Buffer): string {
  const text = answer.subarray(0, MAX_QUOTED_ANSWER_CHARS).toString('latin1');
  const printable = text.replace(/[^\x20-\x7e]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return answer.length > MAX_QUOTED_ANSWER_CHARS ? `${printable}...` : printable;
}

/** Removes the proxy password (and the Basic credentials built from it) from a message, whatever echoed it. */
export function redactProxySecret(message: string, proxy: ProxyConfig): string {
  if (proxy.pass === undefined || proxy.pass === '') return message;
  const basic = Buffer.from(`${proxy.user ?? ''}:${proxy.pass}`).toString('base64');
  return message.split(basic).join('[redacted]').split(proxy.pass).join('[redacted]');
}

/** A refusal or a garbled answer from the proxy (EPROXY), phase `connect`. */
export function proxyError(proxy: ProxyConfig, message: string, cause?: unknown): SmtpError {
  return new SmtpError('EPROXY', redactProxySecret(`${describeProxy(proxy)}: ${message}`, proxy), { phase: 'connect', cause });
}
