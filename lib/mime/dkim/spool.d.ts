/** Where and when a spool goes to disk. */
export interface SpoolOptions {
    /** Bytes kept in memory before the spool moves to a file. */
    memoryLimitBytes: number;
    /** Directory for the temporary file (a private subdirectory is made in it). */
    tmpDir: string;
}
/**
 * Write once, then read back once. Past `memoryLimitBytes` everything moves to `<tmpDir>/nestjs-smtp-dkim-XXXXXX/message`
 * (directory 0700, file 0600: message content is private). `dispose()` removes it; call it whatever happens.
 */
export declare class MessageSpool {
    private readonly options;
    private chunks;
    private memoryBytes;
    private file;
    private disposed;
    /** Bytes written so far. */
    size: number;
    constructor(options: SpoolOptions);
    /** Whether the content went to a temporary file. */
    get isOnDisk(): boolean;
    /** The temporary file, if any (for tests and diagnostics). */
    get path(): string | undefined;
    write(chunk: Buffer): Promise<void>;
    /** Ends writing: closes the file so it can be read back. */
    finish(): Promise<void>;
    /** The content, in order, without loading a spooled file into memory. */
    read(): AsyncGenerator<Buffer>;
    /** Forgets the content and removes the temporary file and directory. Safe to call twice. */
    dispose(): Promise<void>;
    private spill;
    private writeToFile;
}
