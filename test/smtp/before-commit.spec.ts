import { describe, it, expect } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import { MemoryTransport } from '../../lib/dev/memory-transport.js';
import { SmtpError } from '../../lib/core/errors.js';
import type { SmtpOptions } from '../../lib/transport/options.js';
import { startScriptServer, type ScriptServer } from '../helpers/script-server.js';
import { esmtp } from '../helpers/esmtp-script.js';
import { closedAfterEach } from '../helpers/per-test.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';

const start = closedAfterEach(startScriptServer);
const CHUNKING = ['PIPELINING', 'CHUNKING', '8BITMIME'];

function transportFor(srv: ScriptServer, options: SmtpOptions = {}) {
  return createTransport({ host: srv.host, port: srv.port, ...FAST_TIMEOUTS, ...options });
}

const message = (body = 'hello') => ({
  raw: `From: a@example.test\r\nTo: b@example.test\r\nSubject: commit\r\n\r\n${body}`,
  envelope: { from: 'a@example.test', to: ['b@example.test'] },
});

/** Larger than the read-ahead, so the body is streamed (DATA) or cut into several BDAT chunks. */
const LARGE_BODY = `${'q'.repeat(76)}\r\n`.repeat(8_000);

/** A step that records what the server had received when it ran. */
function recordingStep(srv: ScriptServer) {
  const seen: string[] = [];
  return { seen, step: async () => { seen.push(srv.transcript()); } };
}

describe('sendMail beforeCommit', () => {
  it('runs after DATA was accepted and before the content and final dot are written (no PIPELINING)', async () => {
    const srv = await start(esmtp({ extensions: ['8BITMIME'] }));
    const { seen, step } = recordingStep(srv);
    const info = await transportFor(srv).sendMail(message(), { beforeCommit: step });
    expect(info.accepted).toEqual(['b@example.test']);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/RCPT TO:<b@example\.test>\r\nDATA\r\n$/);
    expect(srv.transcript()).toContain('hello\r\n.\r\n');
  });

  it('runs after a streamed body and before the final dot alone', async () => {
    const srv = await start(esmtp({ extensions: ['PIPELINING', '8BITMIME'] }));
    let transcriptAtStep = '';
    const info = await transportFor(srv, { socketTimeout: 5000 }).sendMail(message(LARGE_BODY), {
      beforeCommit: async () => {
        // Give the server time to read what was written so far: everything but the dot.
        await new Promise((resolve) => setTimeout(resolve, 200));
        transcriptAtStep = srv.transcript();
      },
    });
    expect(info.messageSize).toBeGreaterThan(600_000);
    expect(transcriptAtStep).toContain('DATA\r\n');
    expect(transcriptAtStep).not.toContain('\r\n.\r\n');
    expect(srv.connections[0].bodies[0]?.subarray(-5).toString()).toBe('\r\n.\r\n');
  });

  it('runs before the one pipelined write that carries MAIL, RCPT and BDAT LAST', async () => {
    const srv = await start(esmtp({ extensions: CHUNKING }));
    const { seen, step } = recordingStep(srv);
    await transportFor(srv).sendMail(message(), { beforeCommit: step });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^EHLO [^\r]+\r\n$/);
    expect(srv.transcript()).toMatch(/MAIL FROM:<a@example\.test> BODY=8BITMIME\r\nRCPT TO:<b@example\.test>\r\nBDAT \d+ LAST\r\n/);
  });

  it('runs after the envelope and before BDAT LAST when the server does not pipeline', async () => {
    const srv = await start(esmtp({ extensions: ['CHUNKING', '8BITMIME'] }));
    const { seen, step } = recordingStep(srv);
    await transportFor(srv).sendMail(message(), { beforeCommit: step });
    expect(seen[0]).toMatch(/RCPT TO:<b@example\.test>\r\n$/);
    expect(srv.connections[0].commands.slice(3)).toEqual([expect.stringMatching(/^BDAT \d+ LAST$/), ...srv.connections[0].commands.slice(4)]);
    expect(srv.connections[0].bodies).toHaveLength(1);
  });

  it('runs before the last of several BDAT chunks', async () => {
    const srv = await start(esmtp({ extensions: CHUNKING }));
    const seen: string[] = [];
    const step = async () => {
      // Give the server time to read the chunks written so far.
      await new Promise((resolve) => setTimeout(resolve, 200));
      seen.push(srv.transcript());
    };
    await transportFor(srv, { socketTimeout: 5000 }).sendMail(message(LARGE_BODY), { beforeCommit: step });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('BDAT 131072\r\n');
    expect(seen[0]).not.toContain(' LAST\r\n');
    expect(srv.connections[0].commands.filter((line) => line.endsWith(' LAST'))).toHaveLength(1);
  });

  it('does not run when MAIL FROM is refused before the content is due (DATA, BDAT without PIPELINING)', async () => {
    for (const extensions of [['8BITMIME'], CHUNKING.slice(0, 1).concat('8BITMIME'), ['CHUNKING']]) {
      // As real servers do, RCPT without a sender is refused: a 250 there would mean the replies are out of step.
      const srv = await start(esmtp({ extensions, overrides: { MAIL: '550 5.7.1 sender refused', RCPT: '503 5.5.1 need MAIL command' } }));
      let runs = 0;
      const sending = transportFor(srv).sendMail(message(), { beforeCommit: async () => { runs += 1; } });
      await expect(sending).rejects.toMatchObject({ code: 'EENVELOPE', responseCode: 550, delivery: 'not-sent' });
      expect(runs).toBe(0);
    }
  });

  it('does not run when every recipient is refused, even with the content pipelined', async () => {
    const srv = await start(esmtp({ extensions: ['PIPELINING', '8BITMIME'], overrides: { RCPT: '550 5.1.1 no such user', DATA: '554 5.5.1 no valid recipients' } }));
    let runs = 0;
    await expect(transportFor(srv).sendMail(message(), { beforeCommit: async () => { runs += 1; } })).rejects.toMatchObject({ code: 'EENVELOPE' });
    expect(runs).toBe(0);
  });

  it('fails not-sent with the step\'s SmtpError and never writes the final dot, closing the connection mid-DATA', async () => {
    const srv = await start(esmtp({ extensions: ['PIPELINING', '8BITMIME'] }));
    const failing = async () => { throw new SmtpError('ECLOSED', 'the ledger is gone'); };
    const err = await transportFor(srv).sendMail(message(), { beforeCommit: failing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmtpError);
    expect(err).toMatchObject({ code: 'ECLOSED', delivery: 'not-sent', phase: 'data', message: 'the ledger is gone' });
    await srv.connections[0].closed;
    expect(srv.connections[0].bodies).toHaveLength(0);
    expect(srv.transcript()).not.toContain('hello');
  });

  it('wraps a plain rejection as ESTREAM not-sent, with nothing written, and keeps a pooled connection usable', async () => {
    const srv = await start(esmtp({ extensions: CHUNKING }));
    const transport = transportFor(srv, { pool: true, maxConnections: 1 });
    const err = await transport.sendMail(message(), { beforeCommit: async () => { throw new Error('redis down'); } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ESTREAM', delivery: 'not-sent', phase: 'mail' });
    expect((err as SmtpError).message).toMatch(/redis down.*not sent/);
    expect((err as SmtpError).cause).toBeInstanceOf(Error);
    await transport.sendMail(message('second'));
    await transport.close();
    expect(srv.connectionCount()).toBe(1);
    expect(srv.connections[0].commands.filter((line) => line.startsWith('MAIL'))).toHaveLength(1);
    expect(srv.connections[0].bodies.map(String)).toEqual([expect.stringContaining('second')]);
  });

  it('abandons the chunks already sent when the step fails before the last BDAT', async () => {
    const srv = await start(esmtp({ extensions: CHUNKING }));
    const sending = transportFor(srv, { socketTimeout: 5000 }).sendMail(message(LARGE_BODY), { beforeCommit: async () => { throw new Error('no'); } });
    await expect(sending).rejects.toMatchObject({ code: 'ESTREAM', delivery: 'not-sent', phase: 'data' });
    await srv.connections[0].closed;
    expect(srv.connections[0].commands.some((line) => line.endsWith(' LAST'))).toBe(false);
  });

  it('keeps the callback form working beside the options form', async () => {
    const srv = await start(esmtp({ extensions: ['8BITMIME'] }));
    const transport = transportFor(srv);
    expect.assertions(2);
    const info = await new Promise((resolve, reject) => {
      const returned = transport.sendMail(message(), (err, result) => (err ? reject(err) : resolve(result)));
      expect(returned).toBeUndefined();
    });
    expect(info).toMatchObject({ accepted: ['b@example.test'] });
  });

  it('runs before a local transport keeps the message; a failure keeps nothing', async () => {
    const transport = new MemoryTransport({ type: 'memory' });
    let storedAtStep = -1;
    await transport.sendMail(message(), { beforeCommit: async () => { storedAtStep = transport.store.size; } });
    expect(storedAtStep).toBe(0);
    expect(transport.store.size).toBe(1);
    await expect(transport.sendMail(message(), { beforeCommit: async () => { throw new Error('x'); } })).rejects.toMatchObject({ code: 'ESTREAM', delivery: 'not-sent' });
    expect(transport.store.size).toBe(1);
  });
});
