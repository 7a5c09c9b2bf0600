/** The EHLO reply turned into the set of extensions the server offers. */
import type { SmtpReply } from './reply-parser.js';
/** What the server advertised in its EHLO reply (RFC 5321 §4.1.1.1); empty after a HELO fallback. */
export interface Capabilities {
    /** Upper-case keyword to its parameters, e.g. `AUTH` -> `['PLAIN', 'LOGIN']`. */
    readonly extensions: ReadonlyMap<string, readonly string[]>;
    readonly authMechanisms: readonly string[];
    readonly startTls: boolean;
    readonly pipelining: boolean;
    readonly eightBitMime: boolean;
    readonly smtpUtf8: boolean;
    readonly dsn: boolean;
    readonly chunking: boolean;
    readonly enhancedStatusCodes: boolean;
    /** SIZE limit in octets; undefined when not advertised, 0 when advertised without a limit. */
    readonly maxSize?: number;
}
/** Capabilities of a server that answered HELO only. */
export declare const NO_CAPABILITIES: Capabilities;
/** Parses an EHLO reply; the first line is the greeting name, each further line a keyword and parameters. */
export declare function parseCapabilities(reply: SmtpReply | undefined): Capabilities;
