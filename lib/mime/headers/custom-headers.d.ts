import type { HeaderSpec } from './header-spec.js';
import type { HeadersInput } from '../message.interface.js';
/**
 * Header specs from the `headers` option, in order; an array value gives one header per element.
 * @throws SmtpError EMESSAGE for an invalid name (RFC 5322 §2.2) or an unsafe prepared value.
 */
export declare function parseCustomHeaders(input: HeadersInput | undefined): HeaderSpec[];
/** Defaults' headers under the message's: a name the message sets (any case) drops the default's. */
export declare function mergeHeaderSpecs(defaults: HeaderSpec[], message: HeaderSpec[]): HeaderSpec[];
/**
 * Generated headers with the caller's applied: a custom header replaces every generated header of
 * the same name (at the first one's place); the rest are appended in order.
 */
export declare function applyCustomHeaders(generated: HeaderSpec[], custom: HeaderSpec[]): HeaderSpec[];
