import { describe, it, expect, afterEach, beforeAll } from '@jest/globals';
import net from 'node:net';
import { once } from 'node:events';
import type { LookupAddress } from 'node:dns';
import { createTransport } from '../../lib/transport/transport.js';
import type { LookupFunction, SmtpOptions } from '../../lib/transport/options.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { NETNS_ADDRESS, NETNS_BLACKHOLE } from '../helpers/netns.js';
import { observe, observeSend, simpleMessage } from '../helpers/settle.js';
import { netnsSendBatch } from './scenarios/netns-send.js';
import { FAST_TIMEOUTS } from '../helpers/timeouts.js';

// The DNS rows bound every lookup here, so a resolver that hangs fails fast instead of waiting 30 s.
const NETWORK_TIMEOUTS = { ...FAST_TIMEOUTS, dnsTimeout: 1000 } satisfies SmtpOptions;

const NETNS = netnsSendBatch('F32', {
  blackhole: { noServer: true, transport: { host: NETNS_BLACKHOLE, port: 25, ...NETWORK_TIMEOUTS, connectionTimeout: 300 } },
  secondAddress: {
    transport: { host: 'mail.example.test', ...NETWORK_TIMEOUTS, connectionTimeout: 1000 },
    lookupAddresses: [NETNS_BLACKHOLE, NETNS_ADDRESS],
  },
});
const itInNetns = NETNS.it;
beforeAll(() => NETNS.load(), 30_000);

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function lookupOf(addresses: string[], calls: string[] = []): LookupFunction {
  const answer: LookupAddress[] = addresses.map((address) => ({ address, family: net.isIP(address) }));
  return (hostname, _options, callback) => {
    calls.push(hostname);
    callback(null, answer);
  };
}

describe('faults: DNS (F31)', () => {
  it('F31 a lookup that never calls back is EDNS at dnsTimeout', async () => {
    const transport = createTransport({ host: 'mail.example.test', port: 25, ...NETWORK_TIMEOUTS, dnsTimeout: 200, lookup: () => undefined });
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error?.code).toBe('EDNS');
    expect(outcome.error?.phase).toBe('dns');
    expect(outcome.error?.delivery).toBe('not-sent');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeGreaterThanOrEqual(190);
    expect(outcome.ms).toBeLessThan(200 + 300);
  });

  it('F31 verify() with a lookup that never calls back is EDNS at dnsTimeout', async () => {
    const transport = createTransport({ host: 'mail.example.test', port: 25, ...NETWORK_TIMEOUTS, dnsTimeout: 200, lookup: () => undefined });
    const outcome = await observe(transport.verify());
    expect(outcome.error?.code).toBe('EDNS');
    expect(outcome.ms).toBeLessThan(500);
  });

  it('F31 a name that does not exist is EDNS', async () => {
    const transport = createTransport({ host: 'nonexistent.invalid', port: 25, ...NETWORK_TIMEOUTS, dnsTimeout: 500 });
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error?.code).toBe('EDNS');
    expect(outcome.error?.phase).toBe('dns');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeLessThan(500 + 300);
  });

  it.each([
    ['fails', ((_h, _o, cb) => cb(Object.assign(new Error('boom'), { code: 'ENOTFOUND' }), [])) as LookupFunction],
    ['answers no address', ((_h, _o, cb) => cb(null, [])) as LookupFunction],
  ])('F31 a lookup that %s is EDNS', async (_name, lookup) => {
    const outcome = await observeSend(createTransport({ host: 'mail.example.test', port: 25, ...NETWORK_TIMEOUTS, lookup }), simpleMessage());
    expect(outcome.error?.code).toBe('EDNS');
    expect(outcome.error?.phase).toBe('dns');
    expect(outcome.ms).toBeLessThan(300);
  });

  it('F31 a name only in /etc/hosts (localhost) falls back to dns.lookup and is delivered', async () => {
    server = await startSmtpServer();
    const info = await createTransport({ host: 'localhost', port: server.port, ...NETWORK_TIMEOUTS }).sendMail(simpleMessage());
    expect(info.accepted).toEqual(['rcpt@example.test']);
    expect(server.messages).toHaveLength(1);
  });
});

describe('faults: connecting (F32)', () => {
  it('F32 a closed port is ECONNECTION (refused) at once', async () => {
    const port = await closedPort();
    const outcome = await observeSend(createTransport({ host: '127.0.0.1', port, ...NETWORK_TIMEOUTS }), simpleMessage());
    expect(outcome.error?.code).toBe('ECONNECTION');
    expect(outcome.error?.phase).toBe('connect');
    expect(outcome.error?.delivery).toBe('not-sent');
    expect(outcome.callbackCalls).toBe(1);
    expect(outcome.ms).toBeLessThan(300);
  });

  it.each([
    ['IPv4', ['127.0.0.2', '127.0.0.1']],
    ['IPv6 then IPv4', ['::1', '127.0.0.1']],
  ])('F32 a lookup giving two addresses (%s), the first refused, delivers through the second', async (_name, addresses) => {
    server = await startSmtpServer();
    const calls: string[] = [];
    const transport = createTransport({ host: 'mail.example.test', port: server.port, ...NETWORK_TIMEOUTS, lookup: lookupOf(addresses, calls) });
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error).toBeUndefined();
    expect(outcome.value?.accepted).toEqual(['rcpt@example.test']);
    expect(calls).toEqual(['mail.example.test']);
    expect(server.messages.map((m) => m.remoteAddress)).toEqual(['127.0.0.1']);
  });

  it('F32 every address refused is ECONNECTION', async () => {
    const port = await closedPort();
    const transport = createTransport({ host: 'mail.example.test', port, ...NETWORK_TIMEOUTS, lookup: lookupOf(['127.0.0.2', '127.0.0.1']) });
    const outcome = await observeSend(transport, simpleMessage());
    expect(outcome.error?.code).toBe('ECONNECTION');
    expect(outcome.ms).toBeLessThan(300);
  });

  itInNetns('F32 an address that never answers is ETIMEDOUT within connectionTimeout', async () => {
    const result = NETNS.get('blackhole');
    expect(result).toMatchObject({ ok: false, code: 'ETIMEDOUT', phase: 'connect', delivery: 'not-sent' });
    expect(result.ms).toBeGreaterThanOrEqual(290);
    expect(result.ms).toBeLessThan(300 + 400);
  });

  itInNetns('F32 a black-holed first address is given up within the budget and the second one delivers', async () => {
    const result = NETNS.get('secondAddress');
    expect(result).toMatchObject({ ok: true, accepted: ['b@x.test'], messages: 1, remoteAddress: NETNS_ADDRESS });
    expect(result.ms).toBeLessThan(1000 + 300);
  });
});
