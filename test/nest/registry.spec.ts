import 'reflect-metadata';
import { describe, it, expect } from '@jest/globals';
import { setTimeout as delay } from 'node:timers/promises';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { MailerHealthIndicator, MailerModule, MailerRegistry, MailerService, getMailerRegistryToken } from '../../lib/index.js';
import type { MailerModuleOptions, MailerOptions } from '../../lib/index.js';
import { slotsClosedAfterEach } from '../helpers/per-test-slots.js';
import { startSmtpServer, waitFor, type TestSmtpServer } from '../helpers/smtp-server.js';
import { rejectionOf } from '../helpers/settle.js';
import { closedPort } from '../helpers/free-port.js';
import { startScriptServer, type ScriptServer } from '../helpers/script-server.js';
import { esmtp, CLOSE } from '../helpers/esmtp-script.js';

/**
 * An ESMTP server that counts the sessions open at once, and the most ever open. It answers QUIT only after a
 * pause, and a session counts as open until that 221 goes out: a client that opened its next session before
 * its previous one had closed would be counted with both open.
 */
async function startCountingServer(): Promise<{ server: ScriptServer; open(): number; peak(): number }> {
  const released = new Set<number>();
  let peak = 0;
  const open = (): number => server.connections.filter((conn) => !conn.isClosed && !released.has(conn.index)).length;
  const session = esmtp({
    overrides: {
      QUIT: async ({ conn }) => {
        await delay(30);
        released.add(conn.index);
        return ['221 2.0.0 Bye', CLOSE];
      },
    },
  });
  const server = await startScriptServer(async (conn) => {
    peak = Math.max(peak, open());
    await session(conn);
  });
  return { server, open, peak: () => peak };
}

describe('MailerRegistry', () => {
  const opened = slotsClosedAfterEach<{ moduleRef: TestingModule; server: TestSmtpServer }>('moduleRef', 'server');

  async function registryWith(options: Partial<MailerModuleOptions> = {}): Promise<MailerRegistry> {
    opened.server ??= await startSmtpServer();
    opened.moduleRef = await Test.createTestingModule({
      imports: [MailerModule.forRoot({ transport: 'memory://', ...options })],
    }).compile();
    await opened.moduleRef.init();
    return opened.moduleRef.get(MailerRegistry);
  }

  /** A tenant's options: its own sender, a pooled connection that stays open while the mailer does. */
  const tenantOptions = (tenant: string): MailerOptions => ({
    transport: { host: '127.0.0.1', port: opened.server!.port, pool: true },
    defaults: { from: `${tenant}@example.com` },
  });

  it('20 tenants with max 5: never more than 5 SMTP sessions open, least recently used closed first, all closed at shutdown', async () => {
    const counting = await startCountingServer();
    const registry = await registryWith({ registry: { max: 5 } });
    const created: string[] = [];
    const send = async (tenant: string) => {
      const mailer = await registry.get(tenant, () => {
        created.push(tenant);
        return { transport: { host: '127.0.0.1', port: counting.server.port, pool: true }, defaults: { from: `${tenant}@example.com` } };
      });
      return mailer.sendMail({ to: 'ann@example.com', subject: tenant, text: `from ${tenant}` });
    };
    try {
      for (let n = 0; n < 5; n += 1) await send(`t${n}`);
      // t0 used again: t1 is now the least recently used, and goes first.
      await send('t0');
      await send('t5');
      await send('t0');
      expect(created).toEqual(['t0', 't1', 't2', 't3', 't4', 't5']);
      await send('t1');
      expect(created.at(-1)).toBe('t1');
      for (let n = 6; n < 20; n += 1) await send(`t${n}`);
      expect(registry.size).toBe(5);
      expect(counting.server.connections.reduce((sum, conn) => sum + conn.bodies.length, 0)).toBe(23);
      expect(counting.server.commands()).toContain('MAIL FROM:<t19@example.com>');
      expect(counting.peak()).toBeLessThanOrEqual(5);
      expect(counting.peak()).toBe(5);
      expect(counting.open()).toBe(5);
      await opened.moduleRef!.close();
      opened.moduleRef = undefined;
      expect(counting.open()).toBe(0);
      expect(registry.size).toBe(0);
      await expect(registry.get('t0', () => tenantOptions('t0'))).rejects.toMatchObject({ code: 'ECLOSED' });
    } finally {
      await counting.server.close();
    }
  });

  it('concurrent gets of one tenant create one mailer', async () => {
    const registry = await registryWith();
    let calls = 0;
    const options = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return tenantOptions('acme');
    };
    const mailers = await Promise.all(Array.from({ length: 10 }, () => registry.get('acme', options)));
    expect(calls).toBe(1);
    expect(new Set(mailers).size).toBe(1);
    expect(mailers[0]).toBeInstanceOf(MailerService);
    expect(mailers[0].name).toBe('default/acme');
  });

  it('closes a tenant mailer left unused longer than idleTtlMs, and opens it again on the next get', async () => {
    const counting = await startCountingServer();
    const registry = await registryWith({ registry: { idleTtlMs: 150 } });
    let calls = 0;
    const options = (): MailerOptions => {
      calls += 1;
      return { transport: { host: '127.0.0.1', port: counting.server.port, pool: true }, defaults: { from: 'acme@example.com' } };
    };
    try {
      const first = await registry.get('acme', options);
      await first.sendMail({ to: 'ann@example.com', subject: 'one', text: 'one' });
      expect(counting.open()).toBe(1);
      await waitFor(() => registry.size === 0 && counting.open() === 0, 2000);
      await expect(first.sendMail({ to: 'ann@example.com', subject: 'late', text: 'late' })).rejects.toMatchObject({ code: 'ECLOSED' });
      const again = await registry.get('acme', options);
      expect(again).not.toBe(first);
      expect(calls).toBe(2);
      await again.sendMail({ to: 'ann@example.com', subject: 'two', text: 'two' });
      expect(counting.server.commands().filter((line) => line.startsWith('MAIL FROM'))).toEqual(['MAIL FROM:<acme@example.com>', 'MAIL FROM:<acme@example.com>']);
    } finally {
      await opened.moduleRef?.close();
      opened.moduleRef = undefined;
      await counting.server.close();
    }
  });

  it('a tenant evicted while sending finishes its message', async () => {
    const registry = await registryWith({ registry: { max: 1 } });
    const a = await registry.get('a', () => tenantOptions('a'));
    const sending = a.sendMail({ to: 'ann@example.com', subject: 'in flight', text: 'still delivered' });
    const b = await registry.get('b', () => tenantOptions('b'));
    await expect(sending).resolves.toMatchObject({ accepted: ['ann@example.com'] });
    await b.sendMail({ to: 'ann@example.com', subject: 'after', text: 'after' });
    expect(opened.server!.messages.map((m) => m.envelope.from)).toEqual(['a@example.com', 'b@example.com']);
    expect(registry.size).toBe(1);
  });

  it('tenant mailers run the registration\'s hooks unless they bring their own', async () => {
    const seen: string[] = [];
    const registry = await registryWith({ hooks: { afterSend: (info) => void seen.push(`module:${info.envelope.from}`) } });
    const shared = await registry.get('shared', () => tenantOptions('shared'));
    const own = await registry.get('own', () => ({ ...tenantOptions('own'), hooks: { afterSend: (info) => void seen.push(`own:${info.envelope.from}`) } }));
    await shared.sendMail({ to: 'ann@example.com', subject: 's', text: 's' });
    await own.sendMail({ to: 'ann@example.com', subject: 'o', text: 'o' });
    expect(seen).toEqual(['module:shared@example.com', 'own:own@example.com']);
  });

  it('bad tenant options fail with ECONFIG naming the tenant mailer, and the next get tries again', async () => {
    const registry = await registryWith();
    const err = await rejectionOf(registry.get('broken', () => ({ transport: { host: '127.0.0.1', port: 70000 } })));
    expect(err.code).toBe('ECONFIG');
    expect(err.message).toContain('mailer "default/broken"');
    const fixed = await registry.get('broken', () => tenantOptions('broken'));
    await expect(fixed.sendMail({ to: 'ann@example.com', subject: 'x', text: 'x' })).resolves.toBeDefined();
  });

  it('a named mailer has its own registry, under its own token', async () => {
    opened.server = await startSmtpServer();
    opened.moduleRef = await Test.createTestingModule({
      imports: [MailerModule.forRoot({ transport: 'memory://' }), MailerModule.forRoot({ name: 'crm', transport: 'memory://', registry: { max: 2 } })],
    }).compile();
    await opened.moduleRef.init();
    const crm = opened.moduleRef.get<MailerRegistry>(getMailerRegistryToken('crm'));
    expect(crm).toBeInstanceOf(MailerRegistry);
    expect(crm).not.toBe(opened.moduleRef.get(MailerRegistry));
    expect((await crm.get('acme', () => tenantOptions('acme'))).name).toBe('crm/acme');
  });

  it('a tenant mailer has health support: MailerHealthIndicator probes it given as mailer', async () => {
    const registry = await registryWith();
    const health = opened.moduleRef!.get(MailerHealthIndicator);
    const up = await registry.get('up', () => tenantOptions('up'));
    const down = await registry.get('down', async () => ({ transport: { host: '127.0.0.1', port: await closedPort() } }));
    await expect(health.isHealthy('up', { mailer: up, cacheMs: 0 })).resolves.toEqual({ up: { status: 'up' } });
    await expect(health.isHealthy('down', { mailer: down, cacheMs: 0 })).resolves.toEqual({
      down: { status: 'down', code: 'ECONNECTION', message: expect.any(String) },
    });
  });

  it('refuses bad registry bounds at startup with ECONFIG', async () => {
    await expect(registryWith({ registry: { max: 0 } })).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringContaining('registry.max') });
  });
});
