import type { HeaderSpec } from './header-spec.js';
import type { ListHeaders } from '../message.interface.js';
/**
 * Header specs for `list`. A top-level array gives one header per element; an element that is itself
 * an array gives one header listing several URLs. `List-Unsubscribe-Post` is plain text (RFC 8058 §3.1).
 * @throws SmtpError EMESSAGE
 */
export declare function listHeaders(list: ListHeaders | undefined): HeaderSpec[];
