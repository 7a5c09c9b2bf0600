/** Address-list strings to mailboxes and groups (RFC 5322 §3.4), in one linear pass without recursion. */
import { SmtpError } from '../smtp/errors.js';

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

/** Controls, DEL and Unicode line separators: refused in any address string (RELIABILITY B1-B4). */
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
  // a different recipient, so more than one word is refused (RELIABILITY B7, B10).
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
 * Parses an address list such as `"Doe, J" <j@d.c>, a@b.c (Ann), Team: x@y.z, u@v.w;`.
 * Quoted strings, backslash escapes, nested comments and groups are understood; nested groups are
 * not part of RFC 5322 and a second colon is taken as text. Cost is linear in the input.
 * @throws SmtpError EENVELOPE for control characters or unbalanced quotes, comments or brackets.
 */
export function parseAddressList(input: string): ParsedAddress[] {
  if (FORBIDDEN.test(input)) refuse(input, 'control or line-break characters');
  if (SIMPLE_LIST.test(input)) return parseSimpleList(input);
  const result: ParsedAddress[] = [];
  let group: MailboxGroup | null = null;
  let pending = emptyPending();
  let commentDepth = 0;
  let comment = '';
  let inQuote = false;
  let inAngle = false;

  const endMailbox = (): void => {
    const mailbox = finishMailbox(pending);
    if (mailbox) (group ? group.group : result).push(mailbox);
    pending = emptyPending();
  };

  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (commentDepth > 0) {
      if (ch === '\\' && i + 1 < input.length) comment += input[++i];
      else if (ch === '(') { commentDepth++; comment += ch; }
      else if (ch === ')') {
        commentDepth--;
        if (commentDepth === 0) { pending.comments.push(comment); comment = ''; }
        else comment += ch;
      } else {
        const run = takeRun(COMMENT_STOPS, input, i);
        comment += run;
        i += run.length - 1;
      }
    } else if (inQuote) {
      const token = inAngle ? null : currentToken(pending);
      let piece: string;
      let text: string;
      if (ch === '\\' && i + 1 < input.length) {
        text = input[++i]!;
        piece = ch + text;
      } else if (ch === '"') {
        inQuote = false;
        piece = ch;
        text = '';
      } else {
        piece = text = takeRun(QUOTED_STOPS, input, i);
        i += piece.length - 1;
      }
      if (inAngle) pending.angle += piece;
      else { token!.raw += piece; token!.text += text; }
    } else if (inAngle) {
      if (ch === '>') inAngle = false;
      else if (ch === '<') refuse(input, 'nested "<"');
      else if (ch === '"') { inQuote = true; pending.angle += ch; }
      else {
        const run = takeRun(ANGLE_STOPS, input, i);
        pending.angle += run;
        i += run.length - 1;
      }
    } else if (ch === '"') {
      inQuote = true;
      currentToken(pending).raw += ch;
    } else if (ch === '(') {
      commentDepth = 1;
      pending.token = null;
    } else if (ch === '<') {
      if (pending.angle !== null) refuse(input, 'two addresses in angle brackets without a comma');
      inAngle = true;
      pending.angle = '';
      pending.token = null;
    } else if (ch === '>' || ch === ')') {
      refuse(input, `unbalanced "${ch}"`);
    } else if (ch === ',' || (ch === ';' && !group)) {
      endMailbox();
    } else if (ch === ';' && group) {
      endMailbox();
      result.push(group);
      group = null;
    } else if (ch === ':' && !group && pending.angle === null) {
      group = { name: pending.tokens.map((t) => t.text).join(' ').trim(), group: [] };
      pending = emptyPending();
    } else if (ch === ' ' || ch === '\t') {
      pending.token = null;
    } else {
      // Inside a group a colon is plain text: RFC 5322 has no nested groups.
      const run = ch === ':' ? ch : takeRun(PLAIN_STOPS, input, i);
      const token = currentToken(pending);
      token.raw += run;
      token.text += run;
      if (run.includes('@')) token.hasAt = true;
      i += run.length - 1;
    }
  }
  if (inQuote || inAngle || commentDepth > 0) refuse(input, 'unterminated quote, comment or angle bracket');
  endMailbox();
  if (group) result.push(group);
  return result;
}
