import { describe, it, expect } from '@jest/globals';
import { setTimeout as delay } from 'node:timers/promises';
import { createTransport } from '../../lib/transport/transport.js';
import type { SmtpOptions } from '../../lib/transport/options.js';
import { startScriptServer } from '../helpers/script-server.js';
import { esmtp } from '../helpers/esmtp-script.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { rejectionOf, simpleMessage } from '../helpers/settle.js';
import { hostProcess } from '../helpers/process-guard-recorder.js';

const start = closedAfterEach(startScriptServer);
const FAST = { connectionTimeout: 1000, greetingTimeout: 500, socketTimeout: 1000 } satisfies SmtpOptions;

/** Runs `work` and returns every rejection the process saw go unhandled meanwhile (and shortly after). */
async function unhandledDuring(work: () => Promise<void>): Promise<unknown[]> {
  const host = hostProcess();
  if (!host) throw new Error('needs the guarded test environment');
  const leaked: unknown[] = [];
  const onLeak = (reason: unknown): void => {
    leaked.push(reason);
  };
  host.on('unhandledRejection', onLeak);
  try {
    await work();
    await delay(50);
  } finally {
    host.off('unhandledRejection', onLeak);
  }
  return leaked;
}

describe('faults: what delivery reports under a misbehaving server', () => {
  it.each([
    ['without PIPELINING', []],
    ['with PIPELINING', ['PIPELINING']],
  ])('F38 354 and a surplus 250 in one write, then 554 to the dot: EPROTOCOL, not sent, no unhandled rejection (%s)', async (_name, extensions) => {
    const leaked = await unhandledDuring(async () => {
      for (let round = 0; round < 5; round += 1) {
        const srv = await start(esmtp({ extensions, overrides: { DATA: '354 go ahead\r\n250 2.0.0 surplus', '.': '554 5.7.1 refused' } }));
        const err = await rejectionOf(createTransport({ host: srv.host, port: srv.port, ...FAST }).sendMail(simpleMessage()));
        expect(err).toMatchObject({ code: 'EPROTOCOL', delivery: 'not-sent' });
        // The final dot was never written: the connection failed on the surplus reply first.
        expect(srv.transcript()).not.toMatch(/\r\n\.\r\n/);
      }
    });
    expect(leaked).toEqual([]);
  });
});
