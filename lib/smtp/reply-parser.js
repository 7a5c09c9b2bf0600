/** Bytes from the server to SmtpReply objects, with strict limits and linear time. */
import { SmtpError } from '../core/errors.js';
/** Aiosmtplib and Python cap a reply line at 8192 octets; RFC 5321 §4.5.3.1.5 only asks for 512. */
export const MAX_REPLY_LINE_BYTES = 8 * 1024;
export const MAX_REPLY_LINES = 100;
export const MAX_REPLY_BYTES = 32 * 1024;
const LF = 0x0a;
const REPLY_LINE = /^([2-5][0-9][0-9])(?:([ -])(.*))?$/s;
const ENHANCED_STATUS = /^([245])\.(\d{1,3})\.(\d{1,3})(?:\s+|$)/;
const DEFAULT_LIMITS = {
    maxLineBytes: MAX_REPLY_LINE_BYTES,
    maxLines: MAX_REPLY_LINES,
    maxReplyBytes: MAX_REPLY_BYTES,
};
function protocolError(message, response) {
    return new SmtpError('EPROTOCOL', message, response === undefined ? {} : { response: response.slice(0, 512) });
}
/**
 * Incremental reply parser. Feed it socket chunks; it returns the replies they complete. Work is linear in
 * the input: a partial line is kept as a list of chunks and joined once, when its LF arrives.
 */
export class ReplyParser {
    limits;
    partial = [];
    partialBytes = 0;
    replyLines = [];
    rawLines = [];
    replyBytes = 0;
    replyCode = '';
    constructor(limits = DEFAULT_LIMITS) {
        this.limits = limits;
    }
    /** Whether bytes of an unfinished reply are buffered. */
    get isMidReply() {
        return this.partialBytes > 0 || this.replyLines.length > 0;
    }
    /**
     * Consumes a chunk and returns the replies it completes.
     * @throws SmtpError EPROTOCOL on garbage or past a limit; the parser is unusable afterwards.
     */
    push(chunk) {
        const replies = [];
        let start = 0;
        while (start < chunk.length) {
            const lf = chunk.indexOf(LF, start);
            const end = lf === -1 ? chunk.length : lf;
            this.partialBytes += end - start;
            if (this.partialBytes > this.limits.maxLineBytes) {
                throw protocolError(`reply line longer than ${this.limits.maxLineBytes} bytes`);
            }
            if (end > start)
                this.partial.push(chunk.subarray(start, end));
            if (lf === -1)
                break;
            const lineBytes = this.partialBytes + 2;
            const line = this.takeLine();
            const reply = this.acceptLine(line, lineBytes);
            if (reply)
                replies.push(reply);
            start = lf + 1;
        }
        return replies;
    }
    /** Forgets everything buffered: after STARTTLS nothing read before the handshake may be used (RFC 3207 §4.2). */
    reset() {
        this.partial = [];
        this.partialBytes = 0;
        this.replyLines = [];
        this.rawLines = [];
        this.replyBytes = 0;
        this.replyCode = '';
    }
    takeLine() {
        const bytes = this.partial.length === 1 ? this.partial[0] : Buffer.concat(this.partial, this.partialBytes);
        this.partial = [];
        this.partialBytes = 0;
        const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
        return bytes.toString('utf8', 0, end);
    }
    acceptLine(line, lineBytes) {
        const match = REPLY_LINE.exec(line);
        if (!match)
            throw protocolError('the server sent something that is not an SMTP reply', line);
        const [, code, separator, text = ''] = match;
        if (this.replyLines.length > 0 && code !== this.replyCode) {
            throw protocolError(`reply code changed from ${this.replyCode} to ${code} within one multi-line reply`, line);
        }
        this.replyCode = code;
        this.replyLines.push(text);
        this.rawLines.push(line);
        this.replyBytes += lineBytes;
        if (this.replyLines.length > this.limits.maxLines || this.replyBytes > this.limits.maxReplyBytes) {
            throw protocolError(`reply longer than ${this.limits.maxLines} lines or ${this.limits.maxReplyBytes} bytes`);
        }
        if (separator === '-')
            return undefined;
        return this.finishReply();
    }
    finishReply() {
        const code = Number(this.replyCode);
        const lines = this.replyLines;
        const raw = this.rawLines.join('\n');
        this.replyLines = [];
        this.rawLines = [];
        this.replyBytes = 0;
        this.replyCode = '';
        const status = ENHANCED_STATUS.exec(lines[0]);
        // RFC 3463 §2: the class digit of the enhanced status repeats the reply's first digit.
        if (status && status[1] === String(code)[0]) {
            const enhancedStatus = `${status[1]}.${status[2]}.${status[3]}`;
            return { code, enhancedStatus, lines: lines.map((text) => text.replace(ENHANCED_STATUS, '')), raw };
        }
        return { code, lines, raw };
    }
}
/** The reply's text, lines joined by spaces, for messages. */
export function replyText(reply) {
    return reply.lines.join(' ').trim();
}
//# sourceMappingURL=reply-parser.js.map