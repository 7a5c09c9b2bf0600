import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { parseAddressList } from '../../lib/mime/address-parser.js';
import { formatAddressList, parseAddresses, type Mailbox, type ParsedAddress } from '../../lib/mime/addresses.js';
import { SmtpError } from '../../lib/core/errors.js';

const RUNS = { numRuns: 100 };

const ATEXT = 'abcxyzABC0189!#$%&\'*+-/=?^_`{|}~';
const atom = fc.string({ unit: fc.constantFrom(...ATEXT), minLength: 1, maxLength: 8 });
const label = fc.string({ unit: fc.constantFrom(...'abcxyz0189'), minLength: 1, maxLength: 8 });

/** A plain dot-atom address, as the envelope accepts it (no leading dash: it could read as a sendmail option). */
const address = fc
  .tuple(fc.array(atom, { minLength: 1, maxLength: 3 }), fc.array(label, { minLength: 2, maxLength: 3 }))
  .map(([local, domain]) => `${local.join('.')}@${domain.join('.')}`)
  .filter((text) => !text.startsWith('-'));

/**
 * A display name: printable text with specials, quotes, backslashes and non-ASCII, never starting or ending
 * with whitespace (a reader trims those) and without `=?` (that one is written as encoded words).
 */
const displayName = fc
  .string({ unit: fc.constantFrom('a', 'Z', ' ', '"', '\\', ',', ';', ':', '<', '>', '(', ')', '@', '.', 'é', '中', '😀', "'"), maxLength: 24 })
  .filter((name) => name.trim() === name && !name.includes('=?'));

const mailbox: fc.Arbitrary<Mailbox> = fc.record({ name: fc.oneof(fc.constant(''), displayName), address });
const group: fc.Arbitrary<ParsedAddress> = fc.record({
  name: displayName.filter((name) => name !== ''),
  group: fc.array(mailbox, { maxLength: 3 }),
});
const addressList = fc.array(fc.oneof({ weight: 4, arbitrary: mailbox }, { weight: 1, arbitrary: group }), { minLength: 1, maxLength: 5 });

describe('address properties', () => {
  it('parses what the formatter wrote back to the same mailboxes and groups (SMTPUTF8 header text)', () => {
    fc.assert(
      fc.property(addressList, (list) => {
        const text = formatAddressList(list, true);
        expect({ text, parsed: parseAddressList(text) }).toEqual({ text, parsed: list });
        expect({ text, parsed: parseAddresses(text, 'to') }).toEqual({ text, parsed: list });
      }),
      RUNS,
    );
  });

  it('on any input either returns addresses free of controls and line breaks, or refuses with EENVELOPE', () => {
    const noisy = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.array(fc.constantFrom('a@b.c', '<', '>', '"', '\\', '(', ')', ',', ';', ':', ' ', 'Name', '\r\n', '\u2028', '@', 'é'), { maxLength: 20 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(noisy, (input) => {
        let parsed: ParsedAddress[];
        try {
          parsed = parseAddresses(input, 'to');
        } catch (err) {
          expect(err).toBeInstanceOf(SmtpError);
          expect((err as SmtpError).code).toBe('EENVELOPE');
          return;
        }
        const mailboxes = parsed.flatMap((item) => ('group' in item ? item.group : [item]));
        for (const { name, address: parsedAddress } of mailboxes) {
          expect(parsedAddress).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029\s]/);
          expect(parsedAddress).toContain('@');
          expect(name).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/);
        }
      }),
      RUNS,
    );
  });

  it('formatting a parsed list and parsing it again changes nothing', () => {
    const input = fc.oneof(
      addressList.map((list) => formatAddressList(list, true)),
      fc.array(fc.constantFrom('a@b.c', 'Ann <d@e.f>', '"x, y" <g@h.i>', 'Team: j@k.l;', '(c) m@n.o', ', ', ' '), { maxLength: 6 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(input, (text) => {
        let first: ParsedAddress[];
        try {
          first = parseAddresses(text, 'to');
        } catch {
          return;
        }
        fc.pre(first.every((item) => !item.name.includes('=?')));
        const again = formatAddressList(first, true);
        expect({ text, again, parsed: parseAddresses(again, 'to') }).toEqual({ text, again, parsed: first });
      }),
      RUNS,
    );
  });
});
