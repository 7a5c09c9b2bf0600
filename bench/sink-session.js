export function emptyStats() {
    return { connections: 0, messages: 0, roundTrips: 0, replyFlushes: 0, reads: 0, commands: 0, recipients: 0, bytesReceived: 0, contentBytes: 0 };
}
/** The DATA terminator (RFC 5321 §4.1.1.4): a line holding a single dot. */
const DATA_END = Buffer.from('\r\n.\r\n', 'latin1');
/** A command line this long without LF means the client is broken; drop it rather than buffer forever. */
const MAX_COMMAND_BYTES = 1024 * 1024;
/** Reads commands and content from one socket; replies to everything a read carried in one delayed write. */
export class SinkSession {
    socket;
    config;
    stats;
    mode = 'command';
    pending = Buffer.alloc(0);
    /** Last bytes of DATA content, so a terminator split across reads is found. */
    dataTail = Buffer.alloc(0);
    bdatRemaining = 0;
    bdatLast = false;
    replies = [];
    wroteSinceRead = false;
    quitting = false;
    constructor(socket, config, stats) {
        this.socket = socket;
        this.config = config;
        this.stats = stats;
        stats.connections += 1;
        socket.setNoDelay(true);
        socket.on('data', (chunk) => this.receive(chunk));
        socket.on('error', () => socket.destroy());
        this.flush('220 sink.bench ESMTP ready\r\n');
    }
    receive(chunk) {
        const stats = this.stats;
        stats.reads += 1;
        stats.bytesReceived += chunk.length;
        if (this.wroteSinceRead) {
            stats.roundTrips += 1;
            this.wroteSinceRead = false;
        }
        let input = chunk;
        if (this.pending.length > 0) {
            input = Buffer.concat([this.pending, chunk]);
            this.pending = Buffer.alloc(0);
        }
        let offset = 0;
        while (offset < input.length) {
            if (this.mode === 'command')
                offset = this.readCommand(input, offset);
            else if (this.mode === 'data')
                offset = this.readData(input, offset);
            else
                offset = this.readBdat(input, offset);
            if (offset < 0)
                break;
        }
        if (this.replies.length > 0) {
            const text = this.replies.join('');
            this.replies = [];
            this.flush(text);
        }
    }
    /** Returns the next offset, or -1 once the rest of the input is kept for the next read. */
    readCommand(input, offset) {
        const lineEnd = input.indexOf(10, offset);
        if (lineEnd < 0) {
            if (input.length - offset > MAX_COMMAND_BYTES)
                this.socket.destroy();
            else
                this.pending = Buffer.from(input.subarray(offset));
            return -1;
        }
        const end = lineEnd > offset && input[lineEnd - 1] === 13 ? lineEnd - 1 : lineEnd;
        this.command(input.toString('latin1', offset, end));
        return lineEnd + 1;
    }
    readData(input, offset) {
        // A terminator may start in the tail of the previous read: look across the seam first.
        const seam = Buffer.concat([this.dataTail, input.subarray(offset, offset + DATA_END.length - 1)]);
        const seamAt = seam.indexOf(DATA_END);
        let end = -1;
        if (seamAt >= 0)
            end = offset + seamAt + DATA_END.length - this.dataTail.length;
        else {
            const at = input.indexOf(DATA_END, offset);
            if (at >= 0)
                end = at + DATA_END.length;
        }
        if (end < 0) {
            this.stats.contentBytes += input.length - offset;
            const joined = Buffer.concat([this.dataTail, input.subarray(Math.max(offset, input.length - DATA_END.length))]);
            this.dataTail = Buffer.from(joined.subarray(Math.max(0, joined.length - (DATA_END.length - 1))));
            return input.length;
        }
        this.stats.contentBytes += end - offset;
        this.accept();
        return end;
    }
    readBdat(input, offset) {
        const take = Math.min(this.bdatRemaining, input.length - offset);
        this.bdatRemaining -= take;
        this.stats.contentBytes += take;
        if (this.bdatRemaining === 0) {
            this.mode = 'command';
            if (this.bdatLast)
                this.accept();
            else
                this.replies.push('250 2.0.0 chunk received\r\n');
        }
        return offset + take;
    }
    accept() {
        this.mode = 'command';
        this.stats.messages += 1;
        this.replies.push(`250 2.0.0 Ok: queued as ${this.stats.messages}\r\n`);
    }
    command(line) {
        this.stats.commands += 1;
        const verb = line.slice(0, 4).toUpperCase();
        switch (verb) {
            case 'EHLO':
                this.replies.push(this.ehloReply(line.slice(5)));
                return;
            case 'HELO':
            case 'RSET':
            case 'NOOP':
            case 'MAIL':
                this.replies.push('250 2.0.0 Ok\r\n');
                return;
            case 'RCPT':
                this.stats.recipients += 1;
                this.replies.push('250 2.1.5 Ok\r\n');
                return;
            case 'DATA':
                this.mode = 'data';
                // The CRLF that ended the DATA line also starts an empty body's terminator.
                this.dataTail = Buffer.from('\r\n', 'latin1');
                this.replies.push('354 End data with <CR><LF>.<CR><LF>\r\n');
                return;
            case 'BDAT':
                this.startBdat(line);
                return;
            case 'QUIT':
                this.quitting = true;
                this.replies.push('221 2.0.0 Bye\r\n');
                return;
            default:
                this.replies.push('502 5.5.2 Command not implemented\r\n');
        }
    }
    /** RFC 3030 §2: `BDAT <size> [LAST]`, followed by exactly size octets of content. */
    startBdat(line) {
        const [, size, last] = line.split(' ');
        const octets = Number(size);
        if (!Number.isInteger(octets) || octets < 0) {
            this.replies.push('501 5.5.4 Bad BDAT size\r\n');
            return;
        }
        this.bdatRemaining = octets;
        this.bdatLast = last?.toUpperCase() === 'LAST';
        this.mode = 'bdat';
        if (octets === 0)
            this.readBdat(Buffer.alloc(0), 0);
    }
    ehloReply(name) {
        const lines = [`sink.bench greets ${name}`, ...this.config.extensions];
        return lines.map((text, i) => `250${i === lines.length - 1 ? ' ' : '-'}${text}\r\n`).join('');
    }
    /** Writes replies after the configured latency; timers of equal delay fire in order, so replies stay ordered. */
    flush(text) {
        const quitting = this.quitting;
        const write = () => {
            if (this.socket.destroyed)
                return;
            this.stats.replyFlushes += 1;
            this.wroteSinceRead = true;
            if (quitting)
                this.socket.end(text);
            else
                this.socket.write(text);
        };
        if (this.config.latencyMs > 0)
            setTimeout(write, this.config.latencyMs);
        else
            write();
    }
}
//# sourceMappingURL=sink-session.js.map