/** Holds a message that cannot be read twice: in memory up to a limit, then in a private temporary file. */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
/**
 * Write once, then read back once. Past `memoryLimitBytes` everything moves to `<tmpDir>/nestjs-smtp-dkim-XXXXXX/message`
 * (directory 0700, file 0600: message content is private). `dispose()` removes it; call it whatever happens.
 */
export class MessageSpool {
    options;
    chunks = [];
    memoryBytes = 0;
    file;
    disposed = false;
    /** Bytes written so far. */
    size = 0;
    constructor(options) {
        this.options = options;
    }
    /** Whether the content went to a temporary file. */
    get isOnDisk() {
        return this.file !== undefined;
    }
    /** The temporary file, if any (for tests and diagnostics). */
    get path() {
        return this.file?.path;
    }
    async write(chunk) {
        this.size += chunk.length;
        if (!this.file && this.memoryBytes + chunk.length <= this.options.memoryLimitBytes) {
            this.chunks.push(chunk);
            this.memoryBytes += chunk.length;
            return;
        }
        if (!this.file)
            await this.spill();
        await this.writeToFile(chunk);
    }
    /** Ends writing: closes the file so it can be read back. */
    async finish() {
        const handle = this.file?.handle;
        if (this.file)
            this.file.handle = undefined;
        await handle?.close();
    }
    /** The content, in order, without loading a spooled file into memory. */
    async *read() {
        if (!this.file) {
            yield* this.chunks;
            return;
        }
        for await (const chunk of createReadStream(this.file.path))
            yield chunk;
    }
    /** Forgets the content and removes the temporary file and directory. Safe to call twice. */
    async dispose() {
        if (this.disposed)
            return;
        this.disposed = true;
        this.chunks = [];
        const file = this.file;
        if (!file)
            return;
        await file.handle?.close().catch(() => undefined);
        await rm(file.dir, { recursive: true, force: true });
    }
    async spill() {
        const dir = await mkdtemp(join(this.options.tmpDir, 'nestjs-smtp-dkim-'));
        const path = join(dir, 'message');
        this.file = { dir, path, handle: undefined };
        this.file.handle = await open(path, 'wx', 0o600);
        const held = this.chunks;
        this.chunks = [];
        this.memoryBytes = 0;
        for (const chunk of held)
            await this.writeToFile(chunk);
    }
    async writeToFile(chunk) {
        const handle = this.file?.handle;
        if (!handle)
            throw new Error('spool file is not open for writing');
        let offset = 0;
        while (offset < chunk.length) {
            const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
            offset += bytesWritten;
        }
    }
}
//# sourceMappingURL=spool.js.map