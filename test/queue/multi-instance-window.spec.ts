import { describe, it, expect } from '@jest/globals';
import { maxInWindow, notExactlyOnce } from '../helpers/queue-checks.js';
import { headerMessageId, type SinkArrival } from '../helpers/queue-sink.js';

const arrival = (messageId: string): SinkArrival => ({ messageId, raw: Buffer.alloc(0), clientName: 'app.test', at: 0 });

describe('outbox test checks', () => {
  it.each([
    { times: [], window: 100, most: 0 },
    { times: [5], window: 100, most: 1 },
    // The window is half-open: an arrival exactly one window later starts the next one.
    { times: [0, 100], window: 100, most: 1 },
    { times: [0, 99], window: 100, most: 2 },
    { times: [300, 0, 50, 250, 260, 90], window: 100, most: 3 },
    // A window that starts after the first arrival still counts everything up to its end: 10..1009 holds six.
    { times: [0, 10, 20, 1000, 1001, 1002, 1003], window: 1000, most: 6 },
  ])('maxInWindow counts the busiest window of $window ms in $times', ({ times, window, most }) => {
    expect(maxInWindow(times, window)).toBe(most);
  });

  it('notExactlyOnce names each Message-ID missing or repeated, with its count', () => {
    const arrivals = ['<a@x>', '<b@x>', '<b@x>', '<d@x>'].map(arrival);
    expect(notExactlyOnce(['<a@x>', '<b@x>', '<c@x>'], arrivals)).toEqual([['<b@x>', 2], ['<c@x>', 0]]);
  });

  it('headerMessageId reads the header block only, unfolded, whatever its case', () => {
    const raw = (text: string): Buffer => Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1');
    expect(headerMessageId(raw('Subject: x\nmessage-id:\n <folded@x>\n\nMessage-ID: <body@x>\n'))).toBe('<folded@x>');
    expect(headerMessageId(raw('Subject: x\n\nMessage-ID: <body@x>\n'))).toBe('');
  });
});
