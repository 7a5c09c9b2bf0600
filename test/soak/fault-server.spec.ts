import { describe, it, expect } from '@jest/globals';
import { createTransport } from '../../lib/transport/transport.js';
import { FaultPlan, type Fault, type FaultSource } from '../helpers/fault-plan.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { closedAfterEach } from '../helpers/per-test.js';

const start = closedAfterEach(startFaultServer);
const ID = /^<?soak-(\d+)@soak\.test>?$/;
const messageNumber = (text: string): number | undefined => {
  const match = ID.exec(text);
  return match ? Number(match[1]) : undefined;
};

function startServer(plan: FaultSource, chunking: boolean, capacity = 50): Promise<FaultServer> {
  return start({ plan, chunking, capacity, messageNumber });
}

/** Checks the soak's own tools, so that a soak failure is the engine's and never the harness's. */
describe('fault plan and fault server', () => {
  it('draws the same faults for the same seed and key, different ones for another seed, at about the rate', () => {
    const draw = (seed: number): Array<Fault | undefined> => {
      const plan = new FaultPlan({ seed, rate: 0.1 });
      return Array.from({ length: 5000 }, (_, i) => plan.faultFor(i % 2 ? 'mail' : 'end', `m${i}|a0`));
    };
    const first = draw(7);
    expect(draw(7)).toEqual(first);
    expect(draw(8)).not.toEqual(first);
    const played = first.filter((fault) => fault !== undefined);
    expect(played.length).toBeGreaterThan(400);
    expect(played.length).toBeLessThan(600);
    expect(new Set(played.map((fault) => fault?.kind))).toEqual(new Set(['drop', 'reply', 'stall', 'split', 'surplus', 'drop-after-reply']));
  });

  it('leaves every other decision as it was when a fault kind is excluded', () => {
    const all = new FaultPlan({ seed: 3, rate: 0.2 });
    const some = new FaultPlan({ seed: 3, rate: 0.2, exclude: ['ehlo:surplus'] });
    const keys = Array.from({ length: 2000 }, (_, i) => `conn${i}|EHLO#1`);
    const expected = keys.map((key) => all.faultFor('ehlo', key)).map((fault) => (fault?.kind === 'surplus' ? undefined : fault));
    expect(keys.map((key) => some.faultFor('ehlo', key))).toEqual(expected);
    expect(expected.filter((fault) => fault !== undefined).length).toBeGreaterThan(200);
  });

  it.each([
    ['DATA', false],
    ['CHUNKING', true],
  ])('without faults accepts each message exactly once over %s, with its Message-ID', async (_name, chunking) => {
    const server = await startServer(new FaultPlan({ seed: 1, rate: 0 }), chunking);
    const transport = createTransport({ host: server.host, port: server.port, pool: true, maxConnections: 3, maxTransactionsInFlight: 4 });
    const sends = Array.from({ length: 50 }, (_, i) =>
      transport.sendMail({ from: `soak-${i}@soak.test`, to: 'one@rcpt.test', messageId: `<soak-${i}@soak.test>`, text: `.${i}\n.\n` }),
    );
    const infos = await Promise.all(sends);
    await transport.close();
    expect(infos.every((info) => info.response.startsWith('250'))).toBe(true);
    expect([...server.counts.accepted]).toEqual(Array(50).fill(1));
    expect([...server.counts.mailCommands]).toEqual(Array(50).fill(1));
    expect(server.counts.mismatchedIds).toBe(0);
    expect(server.counts.faults).toEqual({});
  });

  it('counts a second MAIL FROM when a dropped message is retried, and the retry is accepted once', async () => {
    // Drops the connection at the message's first MAIL FROM only.
    const plan: FaultSource = {
      faultFor: (phase, key): Fault | undefined => (phase === 'mail' && key.endsWith('|a0') ? { kind: 'drop' } : undefined),
    };
    const server = await startServer(plan, false, 1);
    const transport = createTransport({ host: server.host, port: server.port, pool: true, maxConnections: 1 });
    const info = await transport.sendMail({ from: 'soak-0@soak.test', to: 'one@rcpt.test', messageId: '<soak-0@soak.test>', text: 'x' });
    await transport.close();
    expect(info.response).toMatch(/^250/);
    expect(server.counts.mailCommands[0]).toBe(2);
    expect(server.counts.accepted[0]).toBe(1);
    expect(server.counts.faults).toEqual({ 'mail:drop': 1 });
  });
});
