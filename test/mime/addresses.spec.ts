import { describe, it, expect } from '@jest/globals';
import { parseAddressList } from '../../lib/mime/address-parser.js';
import { flattenAddresses, formatAddressList, formatMailbox, formatPhrase, parseAddresses } from '../../lib/mime/addresses.js';
import { cpuStopwatch } from '../helpers/cpu-time.js';

describe('parseAddressList', () => {
  it.each([
    ['a@b.c', [{ name: '', address: 'a@b.c' }]],
    ['Ann <a@b.c>', [{ name: 'Ann', address: 'a@b.c' }]],
    ['"Doe, John" <j@d.c>, x@y.z', [{ name: 'Doe, John', address: 'j@d.c' }, { name: '', address: 'x@y.z' }]],
    ['"Q \\"uote\\" \\\\ me" <q@d.c>', [{ name: 'Q "uote" \\ me', address: 'q@d.c' }]],
    ['a@b.c (Ann Smith)', [{ name: 'Ann Smith', address: 'a@b.c' }]],
    ['Ann (the (nested) one) <a@b.c>', [{ name: 'Ann', address: 'a@b.c' }]],
    ['<a@b.c>', [{ name: '', address: 'a@b.c' }]],
    ['a@b.c,, ,d@e.f,', [{ name: '', address: 'a@b.c' }, { name: '', address: 'd@e.f' }]],
    ['a@b.c; d@e.f', [{ name: '', address: 'a@b.c' }, { name: '', address: 'd@e.f' }]],
    ['"x y"@b.c', [{ name: '', address: '"x y"@b.c' }]],
    ['Jörg <jörg@bücher.de>', [{ name: 'Jörg', address: 'jörg@bücher.de' }]],
  ])('parses %j', (input, expected) => {
    expect(parseAddressList(input)).toEqual(expected);
  });

  it('parses groups, empty groups included', () => {
    expect(parseAddressList('Team: a@b.c, "B" <b@b.c>; x@y.z, undisclosed-recipients:;')).toEqual([
      { name: 'Team', group: [{ name: '', address: 'a@b.c' }, { name: 'B', address: 'b@b.c' }] },
      { name: '', address: 'x@y.z' },
      { name: 'undisclosed-recipients', group: [] },
    ]);
  });

  it('takes a colon inside angle brackets or quotes as text', () => {
    expect(parseAddressList('"a:b" <x@y.z>')).toEqual([{ name: 'a:b', address: 'x@y.z' }]);
  });

  it('B7 treats a comment inside an address as a separator, so the stray word is refused', () => {
    expect(() => parseAddressList('user@good-corp.com(x)evil.com')).toThrow(expect.objectContaining({ code: 'EENVELOPE' }));
  });

  it('B10 refuses words before a bare address rather than guessing', () => {
    expect(() => parseAddressList('b c@example.com')).toThrow(expect.objectContaining({ code: 'EENVELOPE' }));
    expect(() => parseAddressList('John Smith a@b.c')).toThrow(expect.objectContaining({ code: 'EENVELOPE' }));
  });

  it.each(['a@b.c>', 'a <b@c.d', '"unterminated <a@b.c>', '(open a@b.c', 'x <a@b.c> <d@e.f>', 'a <b<c>@d>', 'a@b.c\r\nBcc: x@y.z', 'a\u0000@b.c', 'a@b\u2028.c'])(
    'refuses %j with EENVELOPE', (input) => {
      expect(() => parseAddressList(input)).toThrow(expect.objectContaining({ code: 'EENVELOPE' }));
    },
  );

  it('B29 parses 100,000 comma-separated addresses in linear time', () => {
    const cpuMs = cpuStopwatch();
    const list = parseAddressList('a@b.com,'.repeat(1e5));
    expect(cpuMs()).toBeLessThan(1000);
    expect(list).toHaveLength(1e5);
  });

  it('B29 reads 100,000 nested group markers without recursion', () => {
    const cpuMs = cpuStopwatch();
    const list = parseAddressList(`${'g:'.repeat(1e5)}a@b.c`);
    expect(cpuMs()).toBeLessThan(1000);
    expect(list).toHaveLength(1);
  });
});

describe('parseAddresses', () => {
  it('accepts objects, strings and arrays of both', () => {
    const list = parseAddresses(['a@b.c, B <b@b.c>', { name: 'C', address: 'c@c.c' }], 'to');
    expect(flattenAddresses(list).map((m) => m.address)).toEqual(['a@b.c', 'b@b.c', 'c@c.c']);
  });

  it.each([
    [{ name: 'x', address: 'b@x.test\r\nBcc: e@evil.test' }],
    ['b c@example.com'],
    ['"foo@psres.net> ORCPT=admin@admin.com"@test.com'],
    ['no-at-sign'],
    [{ address: 'a\u0000@b.c' }],
    [42 as unknown as string],
  ])('refuses %j with EENVELOPE', (input) => {
    expect(() => parseAddresses(input, 'to')).toThrow(expect.objectContaining({ code: 'EENVELOPE' }));
  });

  it('B29 rejects nested group markers as an invalid address quickly', () => {
    const cpuMs = cpuStopwatch();
    expect(() => parseAddresses(`${'g:'.repeat(1e5)}a@b.c`, 'to')).toThrow(expect.objectContaining({ code: 'EENVELOPE' }));
    expect(cpuMs()).toBeLessThan(1000);
  });
});

describe('formatting', () => {
  it.each([
    ['Ann Smith', false, 'Ann Smith'],
    ['Doe, John', false, '"Doe, John"'],
    ['J. "Q" \\', false, '"J. \\"Q\\" \\\\"'],
    ['Jörg', true, 'Jörg'],
    [' padded ', false, '" padded "'],
  ])('phrase %j (smtputf8 %s) is %j', (name, smtpUtf8, expected) => {
    expect(formatPhrase(name, smtpUtf8)).toBe(expected);
  });

  it('encodes non-ASCII names without SMTPUTF8 and names with line breaks always (B12)', () => {
    expect(formatPhrase('Jörg', false)).toMatch(/^=\?UTF-8\?[QB]\?.*\?=$/);
    expect(formatPhrase('a\r\nBcc: x', true)).toMatch(/^=\?UTF-8\?[QB]\?[^\r\n]*\?=$/);
  });

  it('writes IDN domains as punycode unless SMTPUTF8', () => {
    expect(formatMailbox({ name: '', address: 'a@bücher.de' }, false)).toBe('a@xn--bcher-kva.de');
    expect(formatMailbox({ name: '', address: 'a@bücher.de' }, true)).toBe('a@bücher.de');
  });

  it('refuses a non-ASCII local part in a header without SMTPUTF8', () => {
    expect(() => formatMailbox({ name: '', address: 'jörg@b.de' }, false)).toThrow(expect.objectContaining({ code: 'EMESSAGE' }));
    expect(formatMailbox({ name: '', address: 'jörg@b.de' }, true)).toBe('jörg@b.de');
  });

  it('keeps groups', () => {
    const list = parseAddressList('Team: a@b.c, B <b@b.c>;, d@e.f');
    expect(formatAddressList(list, false)).toBe('Team: a@b.c, B <b@b.c>;, d@e.f');
  });
});
