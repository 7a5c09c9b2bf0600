/** A raw TCP server on 127.0.0.1:0 that plays a script per connection and records every byte it receives. */
import net from 'node:net';
import tls from 'node:tls';
/** One scripted connection: read what the client sent, answer, misbehave. */
export interface ScriptConnection {
    /** 0-based order of acceptance. */
    readonly index: number;
    /** Every byte received, in order: raw before TLS, decrypted after an upgrade. */
    readonly received: Buffer[];
    /** Lines read as commands by `readLine`/`expect` (and by `esmtp`), without line endings. */
    readonly commands: string[];
    /** Message bodies read by `esmtp` (DATA: the bytes up to and including CRLF.CRLF; BDAT: the chunks joined). */
    readonly bodies: Buffer[];
    /** True once the socket closed (either side). */
    readonly isClosed: boolean;
    /** Resolves when the socket has closed. */
    readonly closed: Promise<void>;
    /** The socket now in use (the TLS socket after `upgradeTls`). */
    readonly socket: net.Socket;
    /** Writes bytes as they are and waits until they were handed to the kernel. */
    send(data: string | Buffer): Promise<void>;
    /** Writes one reply, appending CRLF unless the text already ends with LF. */
    reply(text: string): Promise<void>;
    readLine(): Promise<string>;
    readBytes(count: number): Promise<Buffer>;
    readUntil(marker: string | Buffer): Promise<Buffer>;
    /** Reads the next line and fails the script when it does not match. */
    expect(match: string | RegExp): Promise<string>;
    wait(ms: number): Promise<void>;
    /** Half-closes (FIN) and waits for the socket to close. */
    close(): Promise<void>;
    /** Aborts with a TCP RST. */
    destroy(): void;
    /** Never answers again; keeps reading and recording until the client goes away. */
    stall(): Promise<void>;
    /** Writes chunks from `source` until it ends or the client disconnects, waiting for `drain` (backpressure). */
    flood(source: Iterable<string | Buffer>): Promise<number>;
    /** Starts server-side TLS on this socket (after replying 220 to STARTTLS); unread plaintext is dropped. */
    upgradeTls(options?: tls.TlsOptions): Promise<void>;
}
/** A script is an async function run once per connection, or a list of steps. */
export type Script = (conn: ScriptConnection) => Promise<void>;
export type ScriptStep = {
    send: string | Buffer;
} | {
    expect: string | RegExp;
    reply?: string;
} | {
    wait: number;
} | {
    close: true;
} | {
    destroy: true;
} | {
    stall: true;
} | {
    flood: () => Iterable<string | Buffer>;
} | {
    upgradeTls: true;
};
export interface ScriptServer {
    host: '127.0.0.1';
    port: number;
    connections: ScriptConnection[];
    /** Errors thrown by scripts other than the client going away (e.g. an `expect` that did not match). */
    errors: Error[];
    connectionCount(): number;
    /** Every byte received on every connection, concatenated. */
    receivedBytes(): Buffer;
    /** The same as a latin1 string (one character per byte). */
    transcript(): string;
    /** Every command line of every connection. */
    commands(): string[];
    close(): Promise<void>;
    server: net.Server;
}
/** Starts a scripted server; the script (or `scripts[i]` for the i-th connection, the last one repeating) runs per connection. */
export declare function startScriptServer(script: Script | ScriptStep[] | Array<Script | ScriptStep[]>): Promise<ScriptServer>;
/** Turns a list of steps into a script. */
export declare function stepsToScript(steps: ScriptStep[]): Script;
/** An endless source of the same chunk, for flood steps. */
export declare function repeatChunk(chunk: string | Buffer): Generator<string | Buffer>;
