/** The message body on its way to the socket: CRLF line endings, dot-stuffing, line cap, byte count. */
import { Transform } from 'node:stream';
const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const CRLF = Buffer.from('\r\n');
const DOT_BUFFER = Buffer.from('.');
/**
 * Normalises `\r\n`, bare `\r` and bare `\n` to CRLF, so that no `<LF>.<LF>`-style sequence can end DATA
 * early on a lenient server (SMTP smuggling, CERT VU#302671); then dot-stuffs. State is carried across chunks:
 * a CR ending one chunk and a dot starting the next are handled as if the input were one buffer.
 * The output always ends with CRLF; the terminating `.CRLF` (or the last BDAT) is the connection's job.
 */
export class DataStreamEncoder extends Transform {
    options;
    /** Octets emitted so far (after normalisation and stuffing). */
    bytes = 0;
    atLineStart = true;
    /** The previous chunk ended in CR: its CRLF is already out, so a leading LF now is part of it. */
    pendingCr = false;
    constructor(options) {
        super();
        this.options = options;
    }
    _transform(chunk, _encoding, callback) {
        try {
            const output = this.encodeChunk(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
            if (output.length > 0)
                this.push(output);
            callback();
        }
        catch (err) {
            callback(err);
        }
    }
    _flush(callback) {
        const tail = this.finish();
        if (tail.length > 0)
            this.push(tail);
        callback();
    }
    /**
     * Encodes content held in memory at once, without the stream machinery; the same bytes the stream gives.
     */
    encodeAll(chunks) {
        const out = [];
        for (const chunk of chunks) {
            const encoded = this.encodeChunk(chunk);
            if (encoded.length > 0)
                out.push(encoded);
        }
        const tail = this.finish();
        if (tail.length > 0)
            out.push(tail);
        return out;
    }
    encodeChunk(input) {
        const output = this.encode(input);
        this.bytes += output.length;
        return output;
    }
    /** The CRLF a body not ending in one needs. */
    finish() {
        if (this.atLineStart)
            return Buffer.alloc(0);
        this.atLineStart = true;
        this.bytes += CRLF.length;
        return CRLF;
    }
    encode(input) {
        // An empty chunk changes nothing; in particular a CR pending from the last chunk still waits for its LF.
        if (input.length === 0)
            return input;
        const parts = [];
        let segmentStart = 0;
        let position = 0;
        if (this.pendingCr && input[0] === LF) {
            segmentStart = position = 1;
        }
        this.pendingCr = false;
        let nextCr = input.indexOf(CR, position);
        let nextLf = input.indexOf(LF, position);
        while (position < input.length) {
            if (this.atLineStart && this.options.dotStuff && input[position] === DOT) {
                parts.push(input.subarray(segmentStart, position), DOT_BUFFER);
                segmentStart = position;
            }
            this.atLineStart = false;
            if (nextCr !== -1 && nextCr < position)
                nextCr = input.indexOf(CR, position);
            if (nextLf !== -1 && nextLf < position)
                nextLf = input.indexOf(LF, position);
            const lineEnd = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextCr, nextLf);
            if (lineEnd === -1)
                break;
            this.atLineStart = true;
            if (input[lineEnd] === CR && input[lineEnd + 1] === LF) {
                position = lineEnd + 2; // already CRLF: keep it inside the current segment
                continue;
            }
            parts.push(input.subarray(segmentStart, lineEnd), CRLF);
            if (input[lineEnd] === CR && lineEnd === input.length - 1)
                this.pendingCr = true;
            position = segmentStart = lineEnd + 1;
        }
        if (segmentStart === 0 && parts.length === 0)
            return input;
        parts.push(input.subarray(segmentStart));
        return Buffer.concat(parts);
    }
}
//# sourceMappingURL=data-stream.js.map