import { describe, it, expect } from '@jest/globals';
import { formatDate } from '../../lib/mime/ids.js';

/** The RFC 5322 form as Date's own UTC formatting gives it. */
function reference(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

describe('formatDate', () => {
  it.each([
    ['the epoch', new Date(0), 'Thu, 01 Jan 1970 00:00:00 +0000'],
    ['one-digit fields', new Date(Date.UTC(2026, 1, 3, 4, 5, 6)), 'Tue, 03 Feb 2026 04:05:06 +0000'],
    ['the last second of a year', new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999)), 'Fri, 31 Dec 1999 23:59:59 +0000'],
    ['a leap day', new Date(Date.UTC(2024, 1, 29, 12, 0, 0)), 'Thu, 29 Feb 2024 12:00:00 +0000'],
    ['a three-digit year', new Date(Date.UTC(999, 0, 1)), 'Tue, 01 Jan 0999 00:00:00 +0000'],
  ])('writes %s as RFC 5322 date-time in UTC', (_name, date, expected) => {
    expect(formatDate(date)).toBe(expected);
  });

  it('gives what toUTCString gives, for dates across years 0 to 9999 and beyond', () => {
    const dates = [new Date(8.64e15), new Date(-8.64e15), new Date(Date.UTC(-1, 5, 6)), new Date(Date.UTC(10000, 0, 1))];
    // A fixed pseudo-random walk over the whole range, so a failure is reproducible.
    // (Date.UTC maps years 0-99 to 1900-1999, so the start is set with setUTCFullYear.)
    const start = new Date(0).setUTCFullYear(0);
    const end = Date.UTC(9999, 11, 31, 23, 59, 59);
    let seed = 42;
    for (let i = 0; i < 2000; i += 1) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      dates.push(new Date(start + Math.floor((seed / 2 ** 31) * (end - start))));
    }
    for (const date of dates) expect(formatDate(date)).toBe(reference(date));
  });
});
