/** Aiosmtplib and Python cap a reply line at 8192 octets; RFC 5321 §4.5.3.1.5 only asks for 512. */
export declare const MAX_REPLY_LINE_BYTES: number;
export declare const MAX_REPLY_LINES = 100;
export declare const MAX_REPLY_BYTES: number;
/** One complete server reply. */
export interface SmtpReply {
    /** The 3-digit reply code. */
    code: number;
    /** RFC 3463 enhanced status code (`5.7.8`) when the reply carries one. */
    enhancedStatus?: string;
    /** Text of each line, without the code, separator and enhanced status. */
    lines: string[];
    /** The reply as received, lines joined with `\n` (for errors and logs). */
    raw: string;
}
export interface ReplyLimits {
    maxLineBytes: number;
    maxLines: number;
    maxReplyBytes: number;
}
/**
 * Incremental reply parser. Feed it socket chunks; it returns the replies they complete. Work is linear in
 * the input: a partial line is kept as a list of chunks and joined once, when its LF arrives.
 */
export declare class ReplyParser {
    private readonly limits;
    private partial;
    private partialBytes;
    private replyLines;
    private rawLines;
    private replyBytes;
    private replyCode;
    constructor(limits?: ReplyLimits);
    /** Whether bytes of an unfinished reply are buffered. */
    get isMidReply(): boolean;
    /**
     * Consumes a chunk and returns the replies it completes.
     * @throws SmtpError EPROTOCOL on garbage or past a limit; the parser is unusable afterwards.
     */
    push(chunk: Buffer): SmtpReply[];
    /** Forgets everything buffered: after STARTTLS nothing read before the handshake may be used (RFC 3207 §4.2). */
    reset(): void;
    private takeLine;
    private acceptLine;
    private finishReply;
}
/** The reply's text, lines joined by spaces, for messages. */
export declare function replyText(reply: SmtpReply): string;
