import { SMTPServer } from 'smtp-server';
import type { SMTPServerAddress, SMTPServerOptions } from 'smtp-server';
import type { ParsedMail } from 'mailparser';
/** The test-only key and certificate (self-signed for localhost and 127.0.0.1); clients trust it with `tls: { ca }`. */
export declare const FIXTURE_KEY: string;
export declare const FIXTURE_CERT: string;
/** How the server offers TLS: not at all, STARTTLS, or from the first byte. */
export type SmtpServerMode = 'plain' | 'starttls' | 'tls';
/** Credentials the server accepts. PLAIN/LOGIN/CRAM-MD5 check `user`/`pass`; XOAUTH2 checks `user`/`accessToken`. */
export interface TestServerAuth {
    user: string;
    pass?: string;
    /**
     * The XOAUTH2 token accepted, or a function giving the one accepted at the moment of each attempt (a token
     * that rotates). Any other token is refused the way Gmail does: 334 with a base64 JSON error, then 535.
     */
    accessToken?: string | (() => string | undefined);
    /** Refuse MAIL until the client authenticated (smtp-server `authOptional: false`). @defaultValue true */
    required?: boolean;
    /** Mechanisms offered. @defaultValue ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'] */
    methods?: string[];
}
/** A reply code for a refused recipient, or `false`/`undefined` to accept it. */
export type RecipientVerdict = number | false | undefined;
export interface TestSmtpServerOptions {
    /** @defaultValue 'plain' */
    mode?: SmtpServerMode;
    /** Address to listen on. @defaultValue '127.0.0.1' */
    host?: string;
    auth?: TestServerAuth;
    /** Advertised SIZE limit; oversized messages are refused with 552. */
    size?: number;
    /** Recipients to refuse: a list (answered with `rejectCode`) or a function returning a code per address (index: 0-based RCPT count in the transaction). */
    rejectRecipients?: string[] | ((address: string, index: number) => RecipientVerdict);
    /** @defaultValue 550 */
    rejectCode?: number;
    /** Reply to the final dot with this error instead of accepting the message. */
    rejectData?: {
        code: number;
        message: string;
    };
    hideSTARTTLS?: boolean;
    hidePIPELINING?: boolean;
    hide8BITMIME?: boolean;
    hideSMTPUTF8?: boolean;
    hideSize?: boolean;
    /** smtp-server hides DSN by default; pass `false` to offer it. @defaultValue true */
    hideDSN?: boolean;
    /** smtp-server hides ENHANCEDSTATUSCODES by default; pass `false` to offer it. @defaultValue true */
    hideENHANCEDSTATUSCODES?: boolean;
    /** Server side: accept AUTH before TLS (the client's own rule is what tests check). @defaultValue true */
    allowInsecureAuth?: boolean;
    /** Anything else passed straight to `new SMTPServer` (wins over the above). */
    serverOptions?: Partial<SMTPServerOptions>;
}
/** One message as the server received it. */
export interface ReceivedMessage {
    envelope: {
        from: string;
        to: string[];
    };
    raw: Buffer;
    mailFrom: SMTPServerAddress | false;
    rcptTo: SMTPServerAddress[];
    /** Parameters given with MAIL FROM (`SIZE`, `BODY`, `SMTPUTF8`, `RET`, `ENVID`...), upper-case keys. */
    mailParams: Record<string, string | true>;
    /** Parameters given with each RCPT TO, in order. */
    rcptParams: Array<Record<string, string | true>>;
    secure: boolean;
    user: unknown;
    sessionId: string;
    remoteAddress: string;
}
/** One authentication attempt that reached `onAuth` (the password itself is not kept). */
export interface AuthAttempt {
    method: string;
    username?: string;
    accepted: boolean;
    secure: boolean;
}
/** One command line as smtp-server logged it (AUTH payloads already replaced by `/* secured *\/`). */
export interface LoggedCommand {
    connectionId: string;
    command: string;
    line: string;
}
export interface TestSmtpServer {
    host: string;
    port: number;
    /** The fixture certificate, for clients: `tls: { ca }`. */
    ca: string;
    messages: ReceivedMessage[];
    authAttempts: AuthAttempt[];
    /** Every command line received, in order (continuation lines of AUTH show as `AUTH /* secured *\/`). */
    commands: LoggedCommand[];
    /** Raw bytes received on each TCP connection before any TLS (plaintext dialogue; ciphertext after TLS is not kept). */
    wire: Buffer[][];
    /** Number of TCP connections accepted. */
    connectionCount(): number;
    /** The recorded plaintext bytes of every connection, concatenated, as latin1 text. */
    wireText(): string;
    parse(index?: number): Promise<ParsedMail>;
    /** Resolves once a message has arrived (or rejects after `timeoutMs`). */
    waitForMessages(count: number, timeoutMs?: number): Promise<void>;
    close(): Promise<void>;
    server: SMTPServer;
}
/** Starts a real smtp-server for one test; always `close()` it in afterEach. */
export declare function startSmtpServer(opts?: TestSmtpServerOptions): Promise<TestSmtpServer>;
/** Polls a condition every 5 ms until it holds or the time is up. */
export declare function waitFor(condition: () => boolean, timeoutMs: number): Promise<void>;
