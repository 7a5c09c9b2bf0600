/** Address-list strings to mailboxes and groups (RFC 5322 §3.4), in one linear pass without recursion. */
import { SmtpError } from '../core/errors.js';

/** One mailbox: a display name (possibly empty) and a bare address. */
export interface Mailbox {
  name: string;
  address: string;
}

/** A named group of mailboxes (`Friends: a@b.c, d@e.f;`), RFC 5322 §3.4. */
export interface MailboxGroup {
  name: string;
  group: Mailbox[];
}

export type ParsedAddress = Mailbox | MailboxGroup;

/** Controls, DEL and Unicode line separators: refused in any address string (docs/reliability.md B1-B4). */
const FORBIDDEN = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;

/** Characters that end a run of ordinary characters, per parser state. */
const PLAIN_STOPS = '"()<>,;: \t';
const QUOTED_STOPS = '"\\';
const ANGLE_STOPS = '<>"';
const COMMENT_STOPS = '()\\';

/** The run of characters from `from` up to the next stop character (at least one character). */
function takeRun(stops: string, input: string, from: number): string {
  let end = from + 1;
  while (end < input.length && !stops.includes(input[end]!)) end++;
  return input.slice(from, end);
}

/** One whitespace-separated word of a mailbox: `raw` keeps quotes, `text` is the decoded display form. */
interface Token {
  raw: string;
  text: string;
  hasAt: boolean;
}

/** What has been read of the current mailbox. */
interface Pending {
  tokens: Token[];
  token: Token | null;
  angle: string | null;
  comments: string[];
}

function emptyPending(): Pending {
  return { tokens: [], token: null, angle: null, comments: [] };
}

function refuse(input: string, why: string): never {
  const shown = input.length > 80 ? `${input.slice(0, 80)}...` : input;
  throw new SmtpError('EENVELOPE', `invalid address list ${JSON.stringify(shown)}: ${why}`);
}

function currentToken(pending: Pending): Token {
  if (pending.token === null) {
    pending.token = { raw: '', text: '', hasAt: false };
    pending.tokens.push(pending.token);
  }
  return pending.token;
}

/** The mailbox read so far, or null when nothing was there (empty list items like `a@b.c,,`). */
function finishMailbox(pending: Pending): Mailbox | null {
  const comment = pending.comments.join(' ').trim();
  if (pending.angle !== null) {
    const name = pending.tokens.map((t) => t.text).join(' ').trim();
    return { name: name || comment, address: pending.angle.trim() };
  }
  if (pending.tokens.length === 0) return null;
  // Without angle brackets a mailbox is one addr-spec (RFC 5322 §3.4); a comment counts as a
  // separator. Guessing which of several words is the address is how `b c@example.com` turns into
  // a different recipient, so more than one word is refused (docs/reliability.md B7, B10).
  if (pending.tokens.length > 1) {
    refuse(pending.tokens.map((t) => t.raw).join(' '), 'a display name needs angle brackets ("Name <address>"), and an address may not contain spaces');
  }
  return { name: comment, address: pending.tokens[0]!.raw };
}

/** A list with no quotes, comments, brackets or groups: bare addresses separated by commas. */
const SIMPLE_LIST = /^[^"()<>:;\\]*$/;

/** The common case, `a@b.c, d@e.f`, without the character-by-character parser. */
function parseSimpleList(input: string): Mailbox[] {
  const out: Mailbox[] = [];
  for (const item of input.split(',')) {
    const address = item.trim();
    if (address === '') continue;
    if (/[ \t]/.test(address)) refuse(address, 'a display name needs angle brackets ("Name <address>"), and an address may not contain spaces');
    out.push({ name: '', address });
  }
  return out;
}

/**
 * One pass over an address list. Each `read*` method handles the character at `pos` for one state
 * (comment, quoted string, angle address, plain text), consumes a run of ordinary characters at once,
 * and advances `pos`; so the cost is linear and nothing recurses.
 */
class AddressListReader {
  private pos = 0;
  private readonly result: ParsedAddress[] = [];
  private group: MailboxGroup | null = null;
  private pending = emptyPending();
  private commentDepth = 0;
  private comment = '';
  private inQuote = false;
  private inAngle = false;

  constructor(private readonly input: string) {}

  read(): ParsedAddress[] {
    while (this.pos < this.input.length) {
      if (this.commentDepth > 0) this.readComment();
      else if (this.inQuote) this.readQuoted();
      else if (this.inAngle) this.readAngle();
      else this.readPlain();
    }
    if (this.inQuote || this.inAngle || this.commentDepth > 0) refuse(this.input, 'unterminated quote, comment or angle bracket');
    this.endMailbox();
    if (this.group) this.result.push(this.group);
    return this.result;
  }

  /** The escaped character after a backslash, or the run of ordinary characters at `pos`. */
  private take(stops: string): { piece: string; text: string } {
    const ch = this.input[this.pos]!;
    if (ch === '\\' && this.pos + 1 < this.input.length) {
      const text = this.input[this.pos + 1]!;
      this.pos += 2;
      return { piece: ch + text, text };
    }
    const run = takeRun(stops, this.input, this.pos);
    this.pos += run.length;
    return { piece: run, text: run };
  }

  private readComment(): void {
    const ch = this.input[this.pos]!;
    if (ch === '(' || ch === ')') {
      this.pos++;
      this.commentDepth += ch === '(' ? 1 : -1;
      if (this.commentDepth > 0) this.comment += ch;
      else {
        this.pending.comments.push(this.comment);
        this.comment = '';
      }
      return;
    }
    this.comment += this.take(COMMENT_STOPS).text;
  }

  private readQuoted(): void {
    let piece = '"';
    let text = '';
    if (this.input[this.pos] === '"') {
      this.inQuote = false;
      this.pos++;
    } else ({ piece, text } = this.take(QUOTED_STOPS));
    if (this.inAngle) this.pending.angle += piece;
    else {
      const token = currentToken(this.pending);
      token.raw += piece;
      token.text += text;
    }
  }

  private readAngle(): void {
    const ch = this.input[this.pos]!;
    if (ch === '<') refuse(this.input, 'nested "<"');
    if (ch === '>' || ch === '"') {
      this.pos++;
      if (ch === '>') this.inAngle = false;
      else {
        this.inQuote = true;
        this.pending.angle += ch;
      }
      return;
    }
    const run = takeRun(ANGLE_STOPS, this.input, this.pos);
    this.pos += run.length;
    this.pending.angle += run;
  }

  private readPlain(): void {
    const ch = this.input[this.pos]!;
    if (PLAIN_STOPS.includes(ch) && !(ch === ':' && this.group)) {
      this.pos++;
      this.readSpecial(ch);
      return;
    }
    // Inside a group a colon is plain text: RFC 5322 has no nested groups.
    const run = ch === ':' ? ch : takeRun(PLAIN_STOPS, this.input, this.pos);
    this.pos += run.length;
    const token = currentToken(this.pending);
    token.raw += run;
    token.text += run;
    if (run.includes('@')) token.hasAt = true;
  }

  private readSpecial(ch: string): void {
    const pending = this.pending;
    switch (ch) {
      case '"':
        this.inQuote = true;
        currentToken(pending).raw += ch;
        return;
      case '(':
        this.commentDepth = 1;
        pending.token = null;
        return;
      case '<':
        if (pending.angle !== null) refuse(this.input, 'two addresses in angle brackets without a comma');
        this.inAngle = true;
        pending.angle = '';
        pending.token = null;
        return;
      case '>':
      case ')':
        return refuse(this.input, `unbalanced "${ch}"`);
      case ',':
        this.endMailbox();
        return;
      case ';':
        this.endMailbox();
        if (this.group) this.result.push(this.group);
        this.group = null;
        return;
      case ':':
        this.startGroup();
        return;
      default:
        pending.token = null;
    }
  }

  private startGroup(): void {
    if (this.pending.angle !== null) refuse(this.input, 'a colon after an angle address');
    this.group = { name: this.pending.tokens.map((t) => t.text).join(' ').trim(), group: [] };
    this.pending = emptyPending();
  }

  private endMailbox(): void {
    const mailbox = finishMailbox(this.pending);
    if (mailbox) (this.group ? this.group.group : this.result).push(mailbox);
    this.pending = emptyPending();
  }
}

/**
 * Parses an address list such as `"Doe, J" <j@d.c>, a@b.c (Ann), Team: x@y.z, u@v.w;`.
 * Quoted strings, backslash escapes, nested comments and groups are understood; nested groups are
 * not part of RFC 5322 and a second colon is taken as text. Cost is linear in the input.
 * @throws SmtpError EENVELOPE for control characters or unbalanced quotes, comments or brackets.
 */
export function parseAddressList(input: string): ParsedAddress[] {
  if (FORBIDDEN.test(input)) refuse(input, 'control or line-break characters');
  if (SIMPLE_LIST.test(input)) return parseSimpleList(input);
  return new AddressListReader(input).read();
}
