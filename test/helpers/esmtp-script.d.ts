/** A script for the scripted server that behaves like a normal ESMTP server, with hooks to change any one reply. */
import type { Script, ScriptConnection } from './script-server.js';
/** Something to do instead of (or after) a reply. */
export type ScriptAction = {
    action: 'stall';
} | {
    action: 'close';
} | {
    action: 'destroy';
};
/** What an override returns: a reply (CRLF added when missing), an action, a list of both, or undefined for the default. */
export type OverrideResult = string | ScriptAction | Array<string | ScriptAction> | undefined;
/** The command an override is asked about. `verb` is upper case; `.` is the end of DATA, `BDAT` is asked after its chunk. */
export interface CommandInfo {
    line: string;
    verb: string;
    /** 1-based count of this verb on this connection (the 2nd RCPT has nth 2). */
    nth: number;
    conn: ScriptConnection;
    /** True once STARTTLS completed on this connection. */
    secure: boolean;
}
export type Overrides = ((info: CommandInfo) => OverrideResult | Promise<OverrideResult>) | Record<string, OverrideResult | ((info: CommandInfo) => OverrideResult | Promise<OverrideResult>)>;
export interface EsmtpOptions {
    /** Greeting line, or an override result (e.g. `{ action: 'stall' }`). @defaultValue '220 mx.test ESMTP ready' */
    greeting?: OverrideResult;
    /** EHLO keywords, e.g. ['PIPELINING', 'CHUNKING', 'SIZE 1000', 'STARTTLS']. @defaultValue [] */
    extensions?: string[];
    /** Keywords after STARTTLS. @defaultValue `extensions` without STARTTLS */
    tlsExtensions?: string[];
    /** Replace one reply: a function, or a map keyed by verb (`RCPT`) or verb#nth (`RCPT#2`). */
    overrides?: Overrides;
}
export declare const STALL: ScriptAction;
export declare const CLOSE: ScriptAction;
export declare const DESTROY: ScriptAction;
/** A script that answers like a plain ESMTP server: 250 to everything, 354 to DATA, BDAT chunks read by size. */
export declare function esmtp(options?: EsmtpOptions): Script;
