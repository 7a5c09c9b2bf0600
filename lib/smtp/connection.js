/** One SMTP dialogue on one socket: the phase, writing commands, pairing each reply with its command. */
import { EventEmitter } from 'node:events';
import { SmtpError } from '../core/errors.js';
import { ReplyParser } from './reply-parser.js';
import { assertCommandSafe } from './commands.js';
import { redactCommand } from './logger.js';
import { NO_CAPABILITIES } from './capabilities.js';
/** Up to this size, commands and data are copied into one buffer for one write rather than written vectored. */
const SINGLE_WRITE_MAX_BYTES = 64 * 1024;
/**
 * The wire half of a connection: owns the socket, the reply parser and the FIFO of commands awaiting
 * replies. Protocol steps (handshake, transaction) are written on top of it. Once it fails it is closed
 * for good: a broken connection is never reused.
 */
export class SmtpConnection extends EventEmitter {
    host;
    log;
    timeouts;
    #phase = 'dns';
    #capabilities = NO_CAPABILITIES;
    #secure = false;
    #needsReset = false;
    #activeTransactions = 0;
    #concurrency = 1;
    #failure;
    writerQueue = Promise.resolve();
    socket;
    parser = new ReplyParser();
    pending = [];
    onData = (chunk) => this.receive(chunk);
    onClose = () => this.handleClose();
    onError = (err) => this.handleSocketError(err);
    onTimeout = () => this.handleTimeout();
    constructor(host, log, timeouts) {
        super();
        this.host = host;
        this.log = log;
        this.timeouts = timeouts;
    }
    /** Where in the dialogue the connection is. */
    get phase() {
        return this.#phase;
    }
    /** What the server advertised in its last EHLO reply (none before EHLO, or after STARTTLS until the next). */
    get capabilities() {
        return this.#capabilities;
    }
    /** Whether TLS is up (implicit or after STARTTLS). */
    get secure() {
        return this.#secure;
    }
    /** The previous transaction failed or was aborted, so RSET must go first (RFC 5321 §4.1.1.5). */
    get needsReset() {
        return this.#needsReset;
    }
    /** Transactions running now (more than one only with maxTransactionsInFlight). */
    get activeTransactions() {
        return this.#activeTransactions;
    }
    /** How many transactions may run at once on this connection. */
    get concurrency() {
        return this.#concurrency;
    }
    /** Why the connection failed, once it has. */
    get failure() {
        return this.#failure;
    }
    /** Records the server's EHLO capabilities; call after each EHLO (HELO leaves none). */
    setCapabilities(capabilities) {
        this.#capabilities = capabilities;
    }
    /** Forgets capabilities before STARTTLS: what the server said in plaintext must not count after it (RFC 3207 §4.2). */
    forgetCapabilities() {
        this.#capabilities = NO_CAPABILITIES;
    }
    /** Sets how many transactions may be in flight at once; call after EHLO, once the extensions are known. */
    setConcurrency(transactions) {
        this.#concurrency = Math.max(1, transactions);
    }
    /** The current transaction did not complete: the next one starts with RSET. */
    markNeedsReset() {
        this.#needsReset = true;
    }
    /** RSET was answered: the server holds no transaction state. */
    markReset() {
        this.#needsReset = false;
    }
    get isOpen() {
        return this.socket !== undefined && this.failure === undefined && this.phase !== 'closed' && this.phase !== 'closing';
    }
    get remoteAddress() {
        return this.socket?.remoteAddress;
    }
    /** Moves to a new phase; a closed connection stays closed. */
    setPhase(phase) {
        if (this.#phase === 'closed')
            return;
        this.#phase = phase;
    }
    /** Counts a transaction in; the connection is busy (its phase is `mail`) until every one has ended. */
    beginTransaction() {
        this.#activeTransactions += 1;
        this.setPhase('mail');
    }
    endTransaction() {
        this.#activeTransactions -= 1;
        if (this.activeTransactions === 0 && this.isOpen)
            this.setPhase('ready');
    }
    /**
     * Waits for exclusive use of the write side; resolves a release function. Transactions that write in
     * several pieces (DATA, multi-chunk BDAT) hold it so that no other transaction's commands interleave.
     */
    acquireWriter() {
        let release;
        const turn = new Promise((resolve) => (release = resolve));
        const previous = this.writerQueue;
        this.writerQueue = previous.then(() => turn);
        return previous.then(() => release);
    }
    /** @throws SmtpError the connection's failure, once it has failed (or was aborted). */
    assertUsable() {
        if (this.failure)
            throw this.failure;
    }
    /**
     * Takes ownership of a connected socket (plain, TLS, or tunnelled) and starts reading replies.
     * @throws SmtpError when the connection failed meanwhile; the socket is then closed.
     */
    attach(socket, secure) {
        if (this.failure) {
            socket.destroy();
            throw this.failure;
        }
        this.socket = socket;
        this.#secure = secure;
        socket.on('data', this.onData);
        socket.on('close', this.onClose);
        socket.on('error', this.onError);
        socket.on('timeout', this.onTimeout);
        socket.setTimeout(this.timeouts.socketTimeoutMs);
        socket.setNoDelay(true);
    }
    /**
     * Releases the socket for a TLS upgrade: listeners removed and every byte read so far dropped, so nothing the
     * server sent before the handshake can be read after it (RFC 3207 §4.2; STARTTLS injection).
     */
    detachForUpgrade() {
        // A reply injected after the 220 has already failed the connection (unsolicited reply): stop here.
        if (this.failure)
            throw this.failure;
        const socket = this.socket;
        socket.off('data', this.onData);
        socket.off('close', this.onClose);
        socket.off('error', this.onError);
        socket.off('timeout', this.onTimeout);
        socket.setTimeout(0);
        this.parser.reset();
        this.socket = undefined;
        // Errors during the handshake are reported by the upgrade itself; this keeps a late one from going unhandled.
        socket.on('error', () => undefined);
        return socket;
    }
    /** Waits for a reply to no command: the greeting. */
    awaitGreeting() {
        const reply = this.expectReply();
        const timer = setTimeout(() => {
            this.fail(new SmtpError('ETIMEDOUT', `no greeting from ${this.host} within ${this.timeouts.greetingTimeoutMs} ms`));
        }, this.timeouts.greetingTimeoutMs);
        return reply.finally(() => clearTimeout(timer));
    }
    /** Writes one command and resolves its reply. */
    send(command) {
        return this.sendBatch([typeof command === 'string' ? { line: command } : command])[0];
    }
    /**
     * Writes several commands in one write (RFC 2920 pipelining) and returns one promise per reply, in order.
     * Each promise is already handled, so an early failure leaves no unhandled rejections behind.
     * @param trailer bytes written in the same write after the commands (a BDAT chunk, in parts)
     */
    sendBatch(commands, trailer) {
        if (this.failure) {
            const failure = this.failure;
            return commands.map(() => handled(Promise.reject(failure)));
        }
        const lines = commands.map(({ line }) => {
            assertCommandSafe(line);
            return `${line}\r\n`;
        });
        const replies = commands.map(() => handled(this.expectReply()));
        if (this.log.dialogue) {
            for (const { line, secret } of commands)
                this.log.debug(`C: ${redactCommand(line, secret === true)}`);
            if (trailer)
                this.log.debug(`C: <message data ${trailer.reduce((sum, part) => sum + part.length, 0)} bytes>`);
        }
        const socket = this.socket;
        if (!socket)
            return replies;
        if (!trailer || trailer.length === 0) {
            socket.write(lines.join(''));
            return replies;
        }
        const trailerBytes = trailer.reduce((sum, part) => sum + part.length, 0);
        if (trailerBytes <= SINGLE_WRITE_MAX_BYTES) {
            // A small message: one copy into one buffer is cheaper than a vectored write.
            const head = Buffer.from(lines.join(''), 'utf8');
            socket.write(Buffer.concat([head, ...trailer], head.length + trailerBytes));
            return replies;
        }
        // cork/uncork turns the command and its data into one vectored write, without copying the data.
        socket.cork();
        socket.write(lines.join(''));
        for (const part of trailer)
            socket.write(part);
        socket.uncork();
        return replies;
    }
    /**
     * Writes body bytes, honouring backpressure: resolves when the socket can take more.
     * @throws SmtpError when the connection fails while waiting.
     */
    async writeData(chunk) {
        if (this.failure)
            throw this.failure;
        const socket = this.socket;
        if (socket.write(chunk))
            return;
        await new Promise((resolve, reject) => {
            const cleanup = () => {
                socket.off('drain', onDrain);
                this.off('failed', onFailed);
            };
            const onDrain = () => {
                cleanup();
                resolve();
            };
            const onFailed = (err) => {
                cleanup();
                reject(err);
            };
            socket.on('drain', onDrain);
            this.on('failed', onFailed);
        });
    }
    /** Registers a reply expected for something already written (a BDAT chunk, the final dot). */
    expectReply() {
        if (this.failure)
            return Promise.reject(this.failure);
        return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
    }
    /** Sends QUIT and closes, without waiting long: a server that does not answer is simply dropped. */
    async quit() {
        if (!this.isOpen)
            return this.destroy();
        this.setPhase('quit');
        const reply = this.send('QUIT').catch(() => undefined);
        const timer = setTimeout(() => this.destroy(), Math.min(this.timeouts.socketTimeoutMs, 5_000));
        await reply;
        clearTimeout(timer);
        this.setPhase('closing');
        this.socket?.end();
        this.destroy();
    }
    /** Closes the socket at once; pending replies reject with ECLOSED-like socket errors. */
    destroy() {
        if (this.phase === 'closed')
            return;
        if (this.pending.length > 0)
            this.fail(new SmtpError('ESOCKET', 'connection closed locally', { phase: this.currentPhase() }));
        this.setPhase('closed');
        this.socket?.destroy();
        this.emit('close');
    }
    /**
     * Marks the connection broken with `err`: every pending reply rejects with it, the socket is destroyed.
     * The error gets the current phase when it has none; transactions add their own phase and delivery.
     */
    fail(err) {
        if (this.#failure)
            return;
        const failure = err.phase === undefined ? err.with({ phase: this.currentPhase() }) : err;
        this.#failure = failure;
        this.log.debug(`connection to ${this.host} failed: ${failure.code} ${failure.message}`);
        const pending = this.pending;
        this.pending = [];
        for (const entry of pending)
            entry.reject(failure);
        this.emit('failed', failure);
        this.socket?.destroy();
        if (this.phase !== 'closed') {
            this.setPhase('closed');
            this.emit('close');
        }
    }
    currentPhase() {
        const phase = this.phase;
        return phase === 'ready' || phase === 'closing' || phase === 'closed' ? 'quit' : phase;
    }
    receive(chunk) {
        let replies;
        try {
            replies = this.parser.push(chunk);
        }
        catch (err) {
            this.fail(err);
            return;
        }
        for (const reply of replies) {
            if (this.log.dialogue)
                this.log.debug(`S: ${reply.raw}`);
            const entry = this.pending.shift();
            if (!entry) {
                // RFC 2920 §3.1 pairs replies with commands strictly in order; a surplus reply means we lost sync.
                this.fail(new SmtpError('EPROTOCOL', `unsolicited reply from ${this.host} (more replies than commands in flight)`, { response: reply.raw }));
                return;
            }
            entry.resolve(reply);
        }
    }
    handleClose() {
        if (this.phase === 'closing' || (this.phase === 'closed' && !this.failure))
            return;
        if (this.phase === 'ready' && this.pending.length === 0) {
            // The server closed an idle connection (RFC 5321 §4.5.3.2 lets it): nothing failed, it is simply gone.
            this.destroy();
            return;
        }
        const beforeGreeting = this.phase === 'greeting';
        const midReply = this.parser.isMidReply ? ' in the middle of a reply' : '';
        this.fail(new SmtpError(beforeGreeting ? 'ECONNECTION' : 'ESOCKET', `connection to ${this.host} closed unexpectedly${midReply}`));
    }
    handleSocketError(err) {
        this.fail(new SmtpError('ESOCKET', `socket error with ${this.host}: ${err.message}`, { cause: err }));
    }
    handleTimeout() {
        if (this.phase === 'ready') {
            // An idle pooled connection: close it politely rather than report an error nobody waits for.
            void this.quit();
            return;
        }
        this.fail(new SmtpError('ETIMEDOUT', `no activity from ${this.host} for ${this.timeouts.socketTimeoutMs} ms`));
    }
}
function handled(promise) {
    promise.catch(() => undefined);
    return promise;
}
//# sourceMappingURL=connection.js.map