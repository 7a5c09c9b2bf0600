/**
 * The benchmark sink: a small SMTP server on 127.0.0.1 that accepts everything, with optional reply latency and a
 * chosen set of extensions. Run as a child process (`sink-process.ts`) so its CPU is not charged to the client.
 */
import { createServer } from 'node:net';
import { SinkSession, emptyStats } from './sink-session.js';
/** Extensions a current MTA offers (Postfix 3 offers all of these): the default set of the scenarios. */
export const FULL_EXTENSIONS = ['PIPELINING', 'SIZE 209715200', '8BITMIME', 'ENHANCEDSTATUSCODES', 'SMTPUTF8', 'CHUNKING'];
/** The same without CHUNKING: the body goes with DATA. */
export const PIPELINING_EXTENSIONS = FULL_EXTENSIONS.filter((keyword) => keyword !== 'CHUNKING');
/** A listening sink with counters that can be read and zeroed between runs. */
export class SinkServer {
    config;
    server;
    stats = emptyStats();
    sockets = new Set();
    constructor(config) {
        this.config = config;
        this.server = createServer((socket) => {
            this.sockets.add(socket);
            socket.on('close', () => this.sockets.delete(socket));
            new SinkSession(socket, this.config, this.stats);
        });
    }
    /** Starts listening on an ephemeral loopback port and returns it. */
    listen() {
        return new Promise((resolve, reject) => {
            this.server.once('error', reject);
            this.server.listen(0, '127.0.0.1', () => resolve(this.server.address().port));
        });
    }
    /** A copy of the counters since the last reset. */
    snapshot() {
        return { ...this.stats };
    }
    /** Zeroes the counters in place, so sessions already open count into the new run. */
    reset() {
        Object.assign(this.stats, emptyStats());
    }
    /** Stops listening and drops every open connection. */
    close() {
        for (const socket of this.sockets)
            socket.destroy();
        return new Promise((resolve) => this.server.close(() => resolve()));
    }
}
//# sourceMappingURL=sink-server.js.map