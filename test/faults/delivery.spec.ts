import { describe, it, expect } from '@jest/globals';
import { setTimeout as delay } from 'node:timers/promises';
import { createTransport } from '../../lib/transport/transport.js';
import type { SmtpOptions } from '../../lib/transport/options.js';
import type { SmtpError } from '../../lib/core/errors.js';
import { startScriptServer } from '../helpers/script-server.js';
import { esmtp, CLOSE } from '../helpers/esmtp-script.js';
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

type Verdict = 'accepted' | 'refused';

interface PipelineRound {
  /** The command (verb#nth) whose reply is followed by a surplus `250` in the same write. */
  surplusAfter: string;
  /** The BDAT (nth on the connection) the server refuses with 554. */
  refuse?: number;
  enhanced: boolean;
}

/**
 * Sends 4 messages over one pooled connection with 4 transactions in flight, to a server with CHUNKING and
 * PIPELINING that answers like Postfix but adds one surplus reply; returns what the server decided for each
 * message it received, and what the client reported.
 */
async function pipelineRound({ surplusAfter, refuse, enhanced }: PipelineRound) {
  const serverVerdicts = new Map<number, Verdict>();
  const postfixLike: Record<string, string> = { MAIL: '250 2.1.0 Ok', RCPT: '250 2.1.5 Ok', RSET: '250 2.0.0 Ok' };
  const srv = await start(
    esmtp({
      extensions: ['PIPELINING', 'CHUNKING', ...(enhanced ? ['ENHANCEDSTATUSCODES'] : [])],
      overrides: ({ verb, nth, conn }) => {
        let reply = postfixLike[verb];
        if (verb === 'BDAT') {
          const message = Number(/body (\d+)/.exec(conn.bodies[conn.bodies.length - 1]?.toString('latin1') ?? '')?.[1]);
          const refused = nth === refuse;
          serverVerdicts.set(message, refused ? 'refused' : 'accepted');
          reply = refused ? '554 5.7.1 Message rejected' : `250 2.0.0 Ok: queued as Q${message}`;
        }
        if (reply === undefined) return undefined;
        return `${verb}#${nth}` === surplusAfter ? `${reply}\r\n250 2.0.0 Ok` : reply;
      },
    }),
  );
  const transport = createTransport({ host: srv.host, port: srv.port, ...FAST, pool: true, maxConnections: 1, maxTransactionsInFlight: 4 });
  transport.on('error', () => undefined);
  const outcomes = await Promise.allSettled(
    [1, 2, 3, 4].map((n) => transport.sendMail({ from: 'a@example.test', to: `r${n}@example.test`, subject: `m${n}`, text: `body ${n}` })),
  );
  await transport.close();
  return { serverVerdicts, outcomes, srv };
}

const ROUNDS: PipelineRound[] = [false, true].flatMap((enhanced) =>
  ['MAIL#1', 'RCPT#2', 'MAIL#3', 'RSET#1', 'BDAT#1', 'BDAT#2'].flatMap((surplusAfter) => [1, 2, 3, 4].map((refuse) => ({ surplusAfter, refuse, enhanced }))),
);

describe('faults: delivery follows from what was written', () => {
  it('F15 a 421 to MAIL after the envelope and the last BDAT went out in one write: uncertain, never retried', async () => {
    const srv = await start(esmtp({ extensions: ['PIPELINING', 'CHUNKING'], overrides: { MAIL: ['421 4.3.2 shutting down', CLOSE] } }));
    const transport = createTransport({ host: srv.host, port: srv.port, ...FAST, pool: true, maxConnections: 1 });
    const err = await rejectionOf(transport.sendMail(simpleMessage()));
    expect(err).toMatchObject({ code: 'ECONNECTION', responseCode: 421, delivery: 'uncertain' });
    await transport.close();
    expect(srv.connectionCount()).toBe(1);
  });

  it('F15 the same 421 when MAIL goes before DATA: not sent, and the pool retries it on a new connection', async () => {
    const srv = await start([esmtp({ extensions: ['PIPELINING'], overrides: { MAIL: ['421 4.3.2 shutting down', CLOSE] } }), esmtp({ extensions: ['PIPELINING'] })]);
    const transport = createTransport({ host: srv.host, port: srv.port, ...FAST, pool: true, maxConnections: 1 });
    await expect(transport.sendMail(simpleMessage())).resolves.toMatchObject({ accepted: ['rcpt@example.test'] });
    await transport.close();
    expect(srv.connectionCount()).toBe(2);
  });
});

describe('faults: delivery when a surplus reply shifts a pipeline (F34)', () => {
  it('F34 a surplus 250 among 4 pipelined BDAT transactions: no message the server accepted is ever reported not-sent', async () => {
    const wrongNotSent: string[] = [];
    let uncertain = 0;
    for (const round of ROUNDS) {
      const { serverVerdicts, outcomes } = await pipelineRound(round);
      for (const [i, outcome] of outcomes.entries()) {
        const verdict = serverVerdicts.get(i + 1);
        if (outcome.status === 'fulfilled') continue;
        const reason = outcome.reason as SmtpError;
        if (reason.delivery === 'uncertain') {
          uncertain += 1;
          // Uncertain is only ever said of a message whose last chunk reached the server.
          expect(verdict).toBeDefined();
          continue;
        }
        // Not sent: the server must not have accepted it, and if its last chunk went out, only an in-step refusal says so.
        if (verdict === 'accepted' || (verdict === 'refused' && reason.responseCode !== 554)) {
          wrongNotSent.push(`${JSON.stringify(round)} message ${i + 1}: ${reason.code} ${reason.message}`);
        }
      }
    }
    expect(wrongNotSent).toEqual([]);
    // The shifts were noticed: some messages were reported uncertain rather than decided.
    expect(uncertain).toBeGreaterThan(0);
  });

  it('F34 every transaction whose last BDAT was written is accepted or uncertain once the stream is out of step', async () => {
    // The surplus follows the first MAIL reply: every later pairing is shifted, and the refusal of message 3
    // lands on message 4's RSET.
    for (let round = 0; round < 10; round += 1) {
      const { serverVerdicts, outcomes } = await pipelineRound({ surplusAfter: 'MAIL#1', refuse: 3, enhanced: false });
      expect(serverVerdicts.size).toBe(4);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'EPROTOCOL', delivery: 'uncertain' });
      }
      expect(outcomes.some((outcome) => outcome.status === 'rejected')).toBe(true);
    }
  });
});

describe('faults: a reply out of step is noticed as soon as it cannot answer its command', () => {
  const transportFor = (srv: { host: string; port: number }) => createTransport({ host: srv.host, port: srv.port, ...FAST });

  it('F34 with ENHANCEDSTATUSCODES, an RCPT reply (2.1.5) where the last BDAT is answered: EPROTOCOL at once, uncertain', async () => {
    let realReplySent = false;
    const srv = await start(
      esmtp({
        extensions: ['PIPELINING', 'CHUNKING', 'ENHANCEDSTATUSCODES'],
        overrides: {
          MAIL: '250 2.1.0 Ok\r\n250 2.1.0 Ok',
          RCPT: '250 2.1.5 Ok',
          BDAT: async ({ conn }) => {
            await conn.wait(1000);
            realReplySent = true;
            return '554 5.7.1 rejected';
          },
        },
      }),
    );
    const err = await rejectionOf(transportFor(srv).sendMail(simpleMessage()));
    expect(err).toMatchObject({ code: 'EPROTOCOL', delivery: 'uncertain', response: '250 2.1.5 Ok' });
    expect(err.message).toMatch(/out of step/);
    // Noticed on the shifted reply itself, before the real (late) reply to BDAT came or the socket timed out.
    expect(realReplySent).toBe(false);
  });

  it('F34 a stray refusal read as the MAIL reply, then a 250 to RCPT: out of step, uncertain, never reported not-sent', async () => {
    // The stray 452 comes first; the real MAIL reply is then read for RCPT. The last BDAT's own 250 comes later:
    // the server accepted the message, and the client must have noticed the shift by then.
    let acceptedBeforeNoticed = false;
    const srv = await start(
      esmtp({
        extensions: ['PIPELINING', 'CHUNKING'],
        overrides: { MAIL: '452 4.3.0 stray reply\r\n250 Ok', RCPT: '250 Ok', BDAT: async ({ conn }) => (await conn.wait(500), (acceptedBeforeNoticed = true), '250 queued') },
      }),
    );
    const err = await rejectionOf(transportFor(srv).sendMail(simpleMessage()));
    expect(err).toMatchObject({ code: 'EPROTOCOL', delivery: 'uncertain' });
    expect(err.message).toMatch(/out of step.*RCPT accepted after MAIL was refused with 452/);
    expect(acceptedBeforeNoticed).toBe(false);
  });

  it('F34 a MAIL refused in step: every RCPT answered 503, reported not sent', async () => {
    const srv = await start(
      esmtp({ extensions: ['PIPELINING', 'CHUNKING'], overrides: { MAIL: '452 4.3.0 try later', RCPT: '503 5.5.1 sender first', BDAT: '503 5.5.1 sender first' } }),
    );
    const err = await rejectionOf(transportFor(srv).sendMail(simpleMessage()));
    expect(err).toMatchObject({ code: 'EENVELOPE', delivery: 'not-sent', responseCode: 452 });
  });

  it('F34 without ENHANCEDSTATUSCODES the same shift cannot be told from a real reply, and is undetectable', async () => {
    const srv = await start(esmtp({ extensions: ['PIPELINING', 'CHUNKING'], overrides: { MAIL: '250 Ok\r\n250 Ok', RCPT: '250 Ok', BDAT: async ({ conn }) => (await conn.wait(500), '554 5.7.1 rejected') } }));
    const transport = createTransport({ host: srv.host, port: srv.port, ...FAST, pool: true });
    const errors: unknown[] = [];
    transport.on('error', (err) => errors.push(err));
    // Documented limit: the RCPT reply is taken as the message's acceptance; the shift shows only afterwards.
    await expect(transport.sendMail(simpleMessage())).resolves.toMatchObject({ response: '250 Ok' });
    for (let i = 0; i < 300 && errors.length === 0; i += 1) await delay(10);
    expect(errors).toMatchObject([{ code: 'EPROTOCOL' }]);
    await transport.close();
  });

  it('F34 a pipelined DATA answered 250 (the RCPT reply, shifted) is EPROTOCOL, and no content is sent', async () => {
    // The real 354 comes late, so the shifted RCPT reply is read as DATA's first.
    const srv = await start(
      esmtp({ extensions: ['PIPELINING'], overrides: { MAIL: '250 2.1.0 Ok\r\n250 2.1.0 Ok', DATA: async ({ conn }) => (await conn.wait(100), '354 go ahead') } }),
    );
    const err = await rejectionOf(transportFor(srv).sendMail(simpleMessage()));
    expect(err).toMatchObject({ code: 'EPROTOCOL', delivery: 'not-sent' });
    expect(err.message).toMatch(/DATA answered 250/);
    expect(srv.transcript()).not.toContain('Subject:');
  });

  it('F34 a large message in BDAT chunks: chunk replies are never its acceptance, only the reply to LAST is', async () => {
    const body = `${'z'.repeat(76)}\r\n`.repeat(10_000);
    const message = { raw: `From: a@example.test\r\nTo: b@example.test\r\nSubject: chunks\r\n\r\n${body}`, envelope: { from: 'a@example.test', to: ['b@example.test'] } };
    const lateLast = (final: string) =>
      esmtp({
        extensions: ['PIPELINING', 'CHUNKING', 'ENHANCEDSTATUSCODES'],
        overrides: {
          BDAT: async ({ line, conn }) => (line.endsWith('LAST') ? (await conn.wait(200), final) : `250 2.0.0 Ok: ${line.split(' ')[1]} bytes`),
        },
      });
    const accepted = await start(lateLast('250 2.0.0 Ok: queued as LATE'));
    const started = Date.now();
    const info = await transportFor(accepted).sendMail(message);
    expect(info.response).toBe('250 2.0.0 Ok: queued as LATE');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(accepted.connections[0].commands.filter((line) => line.startsWith('BDAT')).length).toBeGreaterThan(2);

    const refused = await start(lateLast('554 5.7.1 rejected'));
    const err = await rejectionOf(transportFor(refused).sendMail(message));
    expect(err).toMatchObject({ code: 'EMESSAGE', responseCode: 554, delivery: 'not-sent', phase: 'end' });
  });
});

describe('faults: a refusal of content already written is believed only once the stream is shown in step', () => {
  const transportFor = (srv: { host: string; port: number }) => createTransport({ host: srv.host, port: srv.port, ...FAST });

  it('F39 a surplus reply before the last BDAT reply shifts a RCPT refusal onto it: the accepted message is uncertain, never not-sent', async () => {
    // The surplus follows the MAIL reply, so the 451 refusing the second recipient is read as the answer to the
    // content. The server accepted the message for the first recipient; its real 250 comes late.
    let accepted = false;
    const srv = await start(
      esmtp({
        extensions: ['PIPELINING', 'CHUNKING'],
        overrides: {
          MAIL: '250 Ok\r\n250 Ok',
          'RCPT#2': '451 4.3.0 try again later',
          BDAT: async ({ conn }) => (await conn.wait(200), (accepted = true), '250 Ok: queued as SHIFTED'),
        },
      }),
    );
    const err = await rejectionOf(transportFor(srv).sendMail({ ...simpleMessage(), envelope: { from: 'a@example.test', to: ['b@example.test', 'c@example.test'] } }));
    expect(err).toMatchObject({ code: 'EPROTOCOL', delivery: 'uncertain' });
    // Noticed as DATA answered 250, or as the reply left over once every command was answered.
    expect(err.message).toMatch(/out of step|unsolicited/);
    expect(accepted).toBe(true);
  });

  it('F39 four BDAT transactions in flight, a surplus reply in the first: a refusal read for a later one is confirmed or uncertain', async () => {
    // Message 2's second recipient is refused; the surplus after message 1's MAIL reply moves that refusal onto
    // message 2's last BDAT, while the server accepts message 2 for its first recipient.
    const serverVerdicts = new Map<number, Verdict>();
    const srv = await start(
      esmtp({
        extensions: ['PIPELINING', 'CHUNKING'],
        overrides: async ({ verb, nth, conn }) => {
          if (verb === 'MAIL') return nth === 1 ? '250 Ok\r\n250 Ok' : '250 Ok';
          if (verb === 'RCPT') return nth === 3 ? '451 4.3.0 try again later' : '250 Ok';
          if (verb !== 'BDAT') return undefined;
          const message = Number(/body (\d+)/.exec(conn.bodies[conn.bodies.length - 1]?.toString('latin1') ?? '')?.[1]);
          serverVerdicts.set(message, 'accepted');
          // The last reply comes late, so that the stream does not show its surplus before message 2 is decided.
          if (nth === 4) await conn.wait(300);
          return `250 Ok: queued as Q${message}`;
        },
      }),
    );
    const transport = createTransport({ host: srv.host, port: srv.port, ...FAST, pool: true, maxConnections: 1, maxTransactionsInFlight: 4 });
    transport.on('error', () => undefined);
    const to = (n: number) => (n === 2 ? ['r2@example.test', 'x2@example.test'] : [`r${n}@example.test`]);
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4].map((n) => transport.sendMail({ from: 'a@example.test', to: to(n), subject: `m${n}`, text: `body ${n}` })),
    );
    await transport.close();
    expect(serverVerdicts.get(2)).toBe('accepted');
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'fulfilled') continue;
      expect({ message: i + 1, delivery: (outcome.reason as SmtpError).delivery }).toEqual({ message: i + 1, delivery: 'uncertain' });
    }
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { code: 'EPROTOCOL', delivery: 'uncertain' } });
  });

  it('F40 a surplus refusal read as every RCPT reply of a message whose last BDAT went out: uncertain, never not-sent', async () => {
    // A stray 451 follows the MAIL reply and is read as the only RCPT's refusal; the server accepted the recipient
    // and, late, the message.
    let accepted = false;
    const srv = await start(
      esmtp({
        extensions: ['PIPELINING', 'CHUNKING'],
        overrides: {
          MAIL: '250 Ok\r\n451 4.3.0 stray reply',
          BDAT: async ({ conn }) => (await conn.wait(200), (accepted = true), '250 Ok: queued as SHIFTED'),
        },
      }),
    );
    const err = await rejectionOf(transportFor(srv).sendMail(simpleMessage()));
    expect(err).toMatchObject({ code: 'EPROTOCOL', delivery: 'uncertain' });
    expect(accepted).toBe(true);
  });

  it('F39 a refusal of the last BDAT in step stays not-sent, and the connection is reused', async () => {
    const srv = await start(
      esmtp({ extensions: ['PIPELINING', 'CHUNKING'], overrides: { 'BDAT#1': '451 4.3.0 try again later' } }),
    );
    const transport = createTransport({ host: srv.host, port: srv.port, ...FAST, pool: true, maxConnections: 1 });
    const err = await rejectionOf(transport.sendMail(simpleMessage()));
    expect(err).toMatchObject({ code: 'EMESSAGE', responseCode: 451, delivery: 'not-sent' });
    await expect(transport.sendMail(simpleMessage())).resolves.toMatchObject({ accepted: ['rcpt@example.test'] });
    await transport.close();
    expect(srv.connectionCount()).toBe(1);
  });

  it('F39 a 421 to the last BDAT needs no check: the server closed before anything after it, not sent', async () => {
    const srv = await start(esmtp({ extensions: ['PIPELINING', 'CHUNKING'], overrides: { BDAT: ['421 4.3.2 shutting down', CLOSE] } }));
    const err = await rejectionOf(transportFor(srv).sendMail(simpleMessage()));
    expect(err).toMatchObject({ code: 'ECONNECTION', responseCode: 421, delivery: 'not-sent' });
    expect(srv.connections[0].commands).not.toContain('NOOP');
  });

  it('F39 without PIPELINING the same check runs command by command: a refusal in step stays not-sent', async () => {
    const srv = await start(esmtp({ extensions: ['CHUNKING'], overrides: { BDAT: '554 5.7.1 rejected' } }));
    const err = await rejectionOf(transportFor(srv).sendMail(simpleMessage()));
    expect(err).toMatchObject({ code: 'EMESSAGE', responseCode: 554, delivery: 'not-sent' });
    const commands = srv.connections[0].commands;
    expect(commands.slice(commands.indexOf('NOOP'), commands.indexOf('NOOP') + 2)).toEqual(['NOOP', 'DATA']);
  });
});
