import { describe, it, expect } from '@jest/globals';
import { ReplyParser } from '../../lib/smtp/reply-parser.js';
import { stepMismatch, type ReplyStep } from '../../lib/smtp/reply-step.js';

const parse = (line: string) => new ReplyParser().push(Buffer.from(`${line}\r\n`))[0];

describe('reply steps', () => {
  // Replies of real servers to each command: none may ever be taken for a shifted stream.
  it.each<[string, ReplyStep, string]>([
    ['Postfix', 'mail', '250 2.1.0 Ok'],
    ['Postfix', 'rcpt', '250 2.1.5 Ok'],
    ['Postfix', 'data', '354 End data with <CR><LF>.<CR><LF>'],
    ['Postfix', 'end', '250 2.0.0 Ok: queued as 4XyZ1234'],
    ['Postfix', 'chunk', '250 2.0.0 Ok: 131072 bytes'],
    ['Postfix', 'rset', '250 2.0.0 Ok'],
    ['Postfix', 'rcpt', '550 5.1.1 <x@example.test>: Recipient address rejected: User unknown'],
    ['Postfix', 'end', '554 5.7.1 Message rejected'],
    ['Postfix', 'data', '554 5.5.1 Error: no valid recipients'],
    ['Gmail', 'mail', '250 2.1.0 OK x1-20020a05'],
    ['Gmail', 'rcpt', '250 2.1.5 OK x1-20020a05'],
    ['Gmail', 'data', '354  Go ahead x1-20020a05'],
    ['Gmail', 'end', '250 2.0.0 OK  1700000000 x1-20020a05 - gsmtp'],
    ['Gmail', 'rset', '250 2.1.5 Flushed x1-20020a05'],
    ['Exchange', 'mail', '250 2.1.0 Sender OK'],
    ['Exchange', 'rcpt', '250 2.1.5 Recipient OK'],
    ['Exchange', 'data', '354 Start mail input; end with <CRLF>.<CRLF>'],
    ['Exchange', 'end', '250 2.6.0 <id@example.test> [InternalId=1] Queued mail for delivery'],
    ['Exchange', 'chunk', '250 2.6.0 CHUNK received OK, 131072 octets'],
    ['sendmail', 'end', '250 2.0.0 4XyZ1234 Message accepted for delivery'],
    ['sendmail', 'rset', '250 2.0.0 Reset state'],
    ['a server that uses 2.0.0 everywhere', 'mail', '250 2.0.0 OK'],
    ['a server that uses 2.0.0 everywhere', 'rcpt', '250 2.0.0 OK'],
    ['a server without enhanced codes', 'end', '250 OK id=1abc'],
  ])('accepts the %s reply to %s: %s', (_server, step, line) => {
    expect(stepMismatch(step, parse(line), true)).toBeUndefined();
  });

  it.each<[string, ReplyStep, string, boolean]>([
    ['an RCPT reply where the end of data is answered', 'end', '250 2.1.5 Ok', true],
    ['a MAIL reply where a BDAT chunk is answered', 'chunk', '250 2.1.0 Ok', true],
    ['an end-of-data reply where MAIL is answered', 'mail', '250 2.6.0 Queued mail for delivery', true],
    ['an end-of-data reply where RCPT is answered', 'rcpt', '250 2.6.0 Queued mail for delivery', true],
    ['a 250 where DATA is answered', 'data', '250 2.0.0 Ok', false],
    ['a 354 where MAIL is answered', 'mail', '354 End data with <CR><LF>.<CR><LF>', false],
    ['a 354 where the end of data is answered', 'end', '354 go ahead', false],
    ['a 354 where RSET is answered', 'rset', '354 go ahead', false],
  ])('refuses %s', (_name, step, line, enhanced) => {
    expect(stepMismatch(step, parse(line), enhanced)).toEqual(expect.any(String));
  });

  it('checks enhanced status subjects only when the server advertised ENHANCEDSTATUSCODES', () => {
    expect(stepMismatch('end', parse('250 2.1.5 Ok'), false)).toBeUndefined();
    expect(stepMismatch('end', parse('250 2.1.5 Ok'), true)).toMatch(/2\.1\.5/);
  });
});
