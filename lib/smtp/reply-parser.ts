/** Bytes from the server to SmtpReply objects, with strict limits and linear time. */
import { SmtpError } from '../core/errors.js';

/** Aiosmtplib and Python cap a reply line at 8192 octets; RFC 5321 §4.5.3.1.5 only asks for 512. */
export const MAX_REPLY_LINE_BYTES = 8 * 1024;
export const MAX_REPLY_LINES = 100;
export const MAX_REPLY_BYTES = 32 * 1024;

const LF = 0x0a;
/** `[2-5]dd`, then nothing, or a space or hyphen and any text: an SMTP reply line (the regex this replaces: /^[2-5]\d\d(?:[ -].*)?$/s). */
function isReplyLine(line: string): boolean {
  const first = line.charCodeAt(0);
  if (first < 0x32 || first > 0x35 || !isDigit(line.charCodeAt(1)) || !isDigit(line.charCodeAt(2))) return false;
  if (line.length === 3) return true;
  const separator = line.charCodeAt(3);
  return separator === 0x20 || separator === 0x2d;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
const ENHANCED_STATUS = /^([245])\.(\d{1,3})\.(\d{1,3})(?:\s+|$)/;

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

const DEFAULT_LIMITS: ReplyLimits = {
  maxLineBytes: MAX_REPLY_LINE_BYTES,
  maxLines: MAX_REPLY_LINES,
  maxReplyBytes: MAX_REPLY_BYTES,
};

function protocolError(message: string, response?: string): SmtpError {
  return new SmtpError('EPROTOCOL', message, response === undefined ? {} : { response: response.slice(0, 512) });
}

/**
 * Incremental reply parser. Feed it socket chunks; it returns the replies they complete. Work is linear in
 * the input: a partial line is kept as a list of chunks and joined once, when its LF arrives.
 */
export class ReplyParser {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private replyLines: string[] = [];
  private rawLines: string[] = [];
  private replyBytes = 0;
  private replyCode = '';

  constructor(private readonly limits: ReplyLimits = DEFAULT_LIMITS) {}

  /** Whether bytes of an unfinished reply are buffered. */
  get isMidReply(): boolean {
    return this.partialBytes > 0 || this.replyLines.length > 0;
  }

  /**
   * Consumes a chunk and returns the replies it completes.
   * @throws SmtpError EPROTOCOL on garbage or past a limit; the parser is unusable afterwards.
   */
  push(chunk: Buffer): SmtpReply[] {
    const replies: SmtpReply[] = [];
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf;
      this.partialBytes += end - start;
      if (this.partialBytes > this.limits.maxLineBytes) {
        throw protocolError(`reply line longer than ${this.limits.maxLineBytes} bytes`);
      }
      if (lf === -1) {
        if (end > start) this.partial.push(chunk.subarray(start, end));
        break;
      }
      // The line's bytes on the wire: what came before the LF (a CR included), and the LF.
      const lineBytes = this.partialBytes + 1;
      let line: string;
      if (this.partial.length === 0) {
        // A whole line in this chunk (the usual case): decoded in place, no copy of its bytes.
        line = chunk.toString('utf8', start, end > start && chunk[end - 1] === 0x0d ? end - 1 : end);
        this.partialBytes = 0;
      } else {
        if (end > start) this.partial.push(chunk.subarray(start, end));
        line = this.takeLine();
      }
      const reply = this.acceptLine(line, lineBytes);
      if (reply) replies.push(reply);
      start = lf + 1;
    }
    return replies;
  }

  /** Forgets everything buffered: after STARTTLS nothing read before the handshake may be used (RFC 3207 §4.2). */
  reset(): void {
    this.partial = [];
    this.partialBytes = 0;
    this.replyLines = [];
    this.rawLines = [];
    this.replyBytes = 0;
    this.replyCode = '';
  }

  private takeLine(): string {
    const bytes = this.partial.length === 1 ? this.partial[0] : Buffer.concat(this.partial, this.partialBytes);
    this.partial = [];
    this.partialBytes = 0;
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    return bytes.toString('utf8', 0, end);
  }

  private acceptLine(line: string, lineBytes: number): SmtpReply | undefined {
    // `ddd`, `ddd text` or `ddd-text` (RFC 5321 §4.2), checked by character: this runs for every reply line.
    if (!isReplyLine(line)) throw protocolError('the server sent something that is not an SMTP reply', line);
    const code = line.slice(0, 3);
    const separator = line.length > 3 ? line[3] : undefined;
    const text = line.length > 4 ? line.slice(4) : '';
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
    if (separator === '-') return undefined;
    return this.finishReply();
  }

  private finishReply(): SmtpReply {
    const codeText = this.replyCode;
    const code = Number(codeText);
    const lines = this.replyLines;
    const raw = this.rawLines.length === 1 ? this.rawLines[0] : this.rawLines.join('\n');
    this.replyLines = [];
    this.rawLines = [];
    this.replyBytes = 0;
    this.replyCode = '';
    // RFC 3463 §2: the class digit of the enhanced status repeats the reply's first digit.
    const status = lines[0].charCodeAt(0) === codeText.charCodeAt(0) ? ENHANCED_STATUS.exec(lines[0]) : null;
    if (status) {
      const enhancedStatus = `${status[1]}.${status[2]}.${status[3]}`;
      const texts = lines.length === 1 ? [lines[0].slice(status[0].length)] : lines.map((text) => text.replace(ENHANCED_STATUS, ''));
      return { code, enhancedStatus, lines: texts, raw };
    }
    return { code, lines, raw };
  }
}

/** The reply's text, lines joined by spaces, for messages. */
export function replyText(reply: SmtpReply): string {
  return reply.lines.join(' ').trim();
}
