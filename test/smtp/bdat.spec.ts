import { describe, it, expect } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import { SmtpError } from '../../lib/core/errors.js';
import type { SmtpOptions } from '../../lib/transport/options.js';
import { startScriptServer, type ScriptConnection, type ScriptServer } from '../helpers/script-server.js';
import { esmtp, CLOSE } from '../helpers/esmtp-script.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';
import { BDAT_CHUNK_BYTES } from '../../lib/smtp/content-transfer.js';

/** Reads one pipelined transaction's commands, up to and including its `BDAT <n> LAST` and its n octets. */
async function readBdatTransaction(conn: ScriptConnection): Promise<string[]> {
  const lines: string[] = [];
  for (;;) {
    const line = await conn.readLine();
    lines.push(line);
    const bdat = /^BDAT (\d+) LAST$/.exec(line);
    if (!bdat) continue;
    await conn.readBytes(Number(bdat[1]));
    return lines;
  }
}

/** One plain `250 ok` for each command of a pipelined transaction, in one write. */
function acceptEach(commands: string[]): string {
  return commands.map(() => '250 ok').join('\r\n');
}

/** Greets, answers EHLO with `keywords`, then reads the first pipelined transaction and accepts it. */
async function greetAndAcceptFirst(conn: ScriptConnection, keywords: string[]): Promise<void> {
  await conn.reply('220 mx.test ESMTP');
  await conn.expect(/^EHLO /);
  await conn.reply(['mx.test', ...keywords].map((line, i, all) => `250${i === all.length - 1 ? ' ' : '-'}${line}`).join('\r\n'));
  await conn.reply(acceptEach(await readBdatTransaction(conn)));
}

const CHUNKING = ['PIPELINING', 'CHUNKING', '8BITMIME'];

const start = closedAfterEach(startScriptServer);

function transportFor(srv: ScriptServer, options: SmtpOptions = {}) {
  return createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS, ...options });
}

const raw = (body: string) => ({
  raw: `From: a@example.test\r\nTo: b@example.test\r\nSubject: bdat\r\n\r\n${body}`,
  envelope: { from: 'a@example.test', to: ['b@example.test'] },
});

describe('BDAT (RFC 3030)', () => {
  it('sends a small message as BDAT n LAST in the same write as MAIL and RCPT, CRLF-normalised without dot-stuffing', async () => {
    const srv = await start(esmtp({ extensions: CHUNKING }));
    const message = raw('.leading dot\nbare LF\rbare CR\r\n.\r\nend');
    await transportFor(srv).sendMail(message);
    const expected = 'From: a@example.test\r\nTo: b@example.test\r\nSubject: bdat\r\n\r\n.leading dot\r\nbare LF\r\nbare CR\r\n.\r\nend\r\n';
    expect(srv.connections[0].bodies[0].toString()).toBe(expected);
    const transcript = srv.transcript();
    expect(transcript).toContain(`MAIL FROM:<a@example.test> BODY=8BITMIME\r\nRCPT TO:<b@example.test>\r\nBDAT ${Buffer.byteLength(expected)} LAST\r\n${expected}`);
    expect(srv.connections[0].commands).not.toContain('DATA');
  });

  it('sends a large message in several chunks, the last one flagged LAST', async () => {
    const srv = await start(esmtp({ extensions: CHUNKING }));
    const body = `${'z'.repeat(76)}\r\n`.repeat(40_000);
    await transportFor(srv).sendMail(raw(body));
    const bdats = srv.connections[0].commands.filter((line) => line.startsWith('BDAT'));
    expect(bdats.length).toBeGreaterThan(2);
    expect(bdats[bdats.length - 1]).toMatch(/ LAST$/);
    expect(bdats.slice(0, -1).every((line) => !line.endsWith('LAST'))).toBe(true);
    expect(srv.connections[0].bodies[0].toString().endsWith(body)).toBe(true);
  });

  it('cuts a large message into chunks of exactly 128 KiB, only the last one shorter', async () => {
    const srv = await start(esmtp({ extensions: CHUNKING }));
    const body = `${'z'.repeat(76)}\r\n`.repeat(40_000);
    await transportFor(srv).sendMail(raw(body));
    const sizes = srv.connections[0].commands.filter((line) => line.startsWith('BDAT')).map((line) => Number(line.split(' ')[1]));
    const total = srv.connections[0].bodies[0].length;
    expect(sizes.slice(0, -1)).toEqual(Array.from({ length: Math.ceil(total / BDAT_CHUNK_BYTES) - 1 }, () => 128 * 1024));
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(total);
  });

  it('closes a pooled connection after a refused chunk, without a transport error event, and sends the next message on a new one', async () => {
    const srv = await start([esmtp({ extensions: CHUNKING, overrides: { 'BDAT#2': '552 5.3.4 message too big for this mailbox' } }), esmtp({ extensions: CHUNKING })]);
    const transport = transportFor(srv, { pool: true, maxConnections: 1 });
    const errors: unknown[] = [];
    transport.on('error', (err) => errors.push(err));
    // 16 chunks: the refusal of the second is read long before the last chunk is written.
    const err = await transport.sendMail(raw(`${'y'.repeat(510)}\r\n`.repeat(4096))).catch((error: unknown) => error as SmtpError);
    expect(err).toMatchObject({ code: 'EMESSAGE', responseCode: 552, phase: 'data', delivery: 'not-sent' });
    await srv.connections[0].closed;
    // The rest of a refused chunk could be read as commands: the connection is dropped, never given a QUIT or RSET.
    expect(srv.connections[0].commands.filter((line) => /^(QUIT|RSET)/.test(line))).toEqual([]);
    const info = await transport.sendMail(raw('next'));
    expect(info.accepted).toEqual(['b@example.test']);
    expect(srv.connectionCount()).toBe(2);
    await transport.close();
    expect(errors).toEqual([]);
  });

  it('reads replies split across reads, byte by byte', async () => {
    const srv = await start(async (conn) => {
      const dribble = async (text: string) => {
        for (const char of text) await conn.send(char);
      };
      await dribble('220 mx.test ready\r\n');
      await conn.expect(/^EHLO /);
      await dribble('250-mx.test\r\n250-PIPELINING\r\n250 CHUNKING\r\n');
      await conn.expect(/^MAIL FROM/);
      await conn.expect(/^RCPT TO/);
      const bdat = await conn.expect(/^BDAT \d+ LAST$/);
      await conn.readBytes(Number(bdat.split(' ')[1]));
      await dribble('250 2.1.0 ok\r\n250 2.1.5 ok\r\n250 2.0.0 queued\r\n');
      await conn.expect('QUIT');
      await conn.reply('221 bye');
    });
    const info = await transportFor(srv).sendMail(raw('hello'));
    expect(info.response).toBe('250 2.0.0 queued');
  });

  it('refused recipient under BDAT: EENVELOPE, and the refusal of the chunk is not reported as sent', async () => {
    const srv = await start(esmtp({ extensions: CHUNKING, overrides: { RCPT: '550 5.1.1 no such user', BDAT: '554 5.5.1 no valid recipients' } }));
    const err = await transportFor(srv).sendMail(raw('x')).catch((error: unknown) => error as SmtpError);
    expect(err).toMatchObject({ code: 'EENVELOPE', responseCode: 550, rejected: ['b@example.test'] });
  });
});

describe('transactions in flight (maxTransactionsInFlight)', () => {
  it('writes several transactions before their replies and pairs every reply with its own message', async () => {
    const srv = await start(esmtp({ extensions: CHUNKING, overrides: { 'RCPT#3': '550 5.1.1 no such user' } }));
    const transport = transportFor(srv, { pool: true, maxConnections: 1, maxTransactionsInFlight: 8 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => transport.sendMail({ from: 'a@example.test', to: `r${i + 1}@example.test`, subject: `m${i + 1}`, text: `body ${i + 1}` })),
    );
    await transport.close();
    expect(srv.connectionCount()).toBe(1);
    const statuses = outcomes.map((outcome) => outcome.status);
    expect(statuses.filter((status) => status === 'fulfilled')).toHaveLength(7);
    const refused = outcomes.findIndex((outcome) => outcome.status === 'rejected');
    const rcptLines = srv.connections[0].commands.filter((line) => line.startsWith('RCPT'));
    // The third RCPT the server saw is the one it refused; that message, and only that one, failed.
    expect(rcptLines[2]).toBe(`RCPT TO:<r${refused + 1}@example.test>`);
    expect((outcomes[refused] as PromiseRejectedResult).reason).toMatchObject({ code: 'EENVELOPE', responseCode: 550 });
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'fulfilled') expect(outcome.value.accepted).toEqual([`r${i + 1}@example.test`]);
    }
    expect(srv.connections[0].bodies).toHaveLength(8);
  });

  it('writes the next transaction once a reply is in, while that message waits for the next reply to be accepted (ENHANCEDSTATUSCODES)', async () => {
    const sent: boolean[] = [false, false, false];
    const checks: string[] = [];
    const srv = await start(async (conn) => {
      await greetAndAcceptFirst(conn, ['PIPELINING', 'ENHANCEDSTATUSCODES', 'CHUNKING']);
      const second = await readBdatTransaction(conn);
      // The second transaction's replies are held back: the third may only come because the first one's reply
      // freed its place in the window of two, and the first message is not reported sent before this next reply.
      const third = await readBdatTransaction(conn);
      checks.push(`first sent before the next reply: ${sent[0]}`);
      await conn.reply(acceptEach([...second, ...third]));
      await conn.expect('QUIT');
      await conn.reply('221 bye');
    });
    const transport = transportFor(srv, { pool: true, maxConnections: 1, maxTransactionsInFlight: 2 });
    const infos = await Promise.all(
      [0, 1, 2].map((i) => transport.sendMail(raw(`body ${i}`)).then((info) => {
        sent[i] = true;
        return info;
      })),
    );
    await transport.close();
    expect(srv.errors).toEqual([]);
    expect(checks).toEqual(['first sent before the next reply: false']);
    expect(infos.map((info) => info.response)).toEqual(['250 ok', '250 ok', '250 ok']);
  });

  it('without ENHANCEDSTATUSCODES keeps a place in the window until the verdict is confirmed: plain 250s could not show a shifted stream', async () => {
    const mailCommands = (conn: ScriptConnection): number => Buffer.concat(conn.received).toString('latin1').split('MAIL FROM:').length - 1;
    const checks: string[] = [];
    const srv = await start(async (conn) => {
      await greetAndAcceptFirst(conn, ['PIPELINING', 'CHUNKING']);
      const second = await readBdatTransaction(conn);
      // With the first one's reply in, its place stays taken until the second's replies confirm it.
      await conn.wait(300);
      checks.push(`transactions written before the second was answered: ${mailCommands(conn)}`);
      await conn.reply(acceptEach(second));
      const third = await readBdatTransaction(conn);
      await conn.reply(acceptEach(third));
      await conn.expect('QUIT');
      await conn.reply('221 bye');
    });
    const transport = transportFor(srv, { pool: true, maxConnections: 1, maxTransactionsInFlight: 2 });
    const infos = await Promise.all([0, 1, 2].map((i) => transport.sendMail(raw(`body ${i}`))));
    await transport.close();
    expect(srv.errors).toEqual([]);
    expect(checks).toEqual(['transactions written before the second was answered: 2']);
    expect(infos.map((info) => info.response)).toEqual(['250 ok', '250 ok', '250 ok']);
  });

  it('runs 20 transactions in flight on one connection without a listener-leak warning', async () => {
    const srv = await start(esmtp({ extensions: CHUNKING }));
    const transport = transportFor(srv, { pool: true, maxConnections: 1, maxTransactionsInFlight: 20 });
    const infos = await Promise.all(Array.from({ length: 20 }, (_, i) => transport.sendMail({ from: 'a@example.test', to: `r${i}@example.test`, text: `body ${i}` })));
    await transport.close();
    expect(infos).toHaveLength(20);
    expect(srv.connectionCount()).toBe(1);
    // The process guard (test/helpers/process-guard.ts) fails this test on a MaxListenersExceededWarning.
  });

  it('settles every message in flight when the connection drops: uncertain for those whose last BDAT was written', async () => {
    const srv = await start([esmtp({ extensions: CHUNKING, overrides: { 'BDAT#2': CLOSE } }), esmtp({ extensions: CHUNKING })]);
    const transport = transportFor(srv, { pool: true, maxConnections: 1, maxTransactionsInFlight: 4 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => transport.sendMail({ from: 'a@example.test', to: `r${i + 1}@example.test`, text: `body ${i + 1}` })),
    );
    await transport.close();
    const first = outcomes[0];
    expect(first.status).toBe('fulfilled');
    for (const outcome of outcomes.slice(1)) {
      if (outcome.status === 'rejected') {
        // Their whole transaction (envelope and last BDAT) went out in one write; under PIPELINING the phase is
        // that of the first reply awaited, so it may be `mail` as well as `end`.
        expect(outcome.reason).toMatchObject({ code: 'ESOCKET', delivery: 'uncertain' });
        expect(['mail', 'rcpt', 'end']).toContain((outcome.reason as SmtpError).phase);
      }
    }
    // Nothing uncertain is ever sent again: the second connection carries at most the messages never written.
    const uncertain = outcomes.filter((outcome) => outcome.status === 'rejected').length;
    expect(uncertain).toBeGreaterThan(0);
    expect(srv.connections[1]?.bodies.length ?? 0).toBe(4 - 1 - uncertain);
  });
});
