import 'reflect-metadata';
import { describe, it, expect, afterEach } from '@jest/globals';
import { Controller, Get, Module } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { MailerHealthIndicator, MailerModule } from '../../lib/index.js';
import { DEFAULT_HEALTH_CACHE_MS } from '../../lib/nest/mailer.health.js';
import type { MailerModuleOptions } from '../../lib/index.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import type { TestSmtpServer } from '../helpers/smtp-server.js';
import { closedPort, silentServer } from '../helpers/free-port.js';

describe('MailerHealthIndicator', () => {
  let server: TestSmtpServer | undefined;
  let moduleRef: TestingModule | undefined;
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    // Servers first: a verify() still waiting on a silent server then fails at once instead of holding close().
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await moduleRef?.close();
    await server?.close();
    moduleRef = undefined;
    server = undefined;
  });

  async function indicator(mailers: MailerModuleOptions[], withTerminus = true): Promise<MailerHealthIndicator> {
    moduleRef = await Test.createTestingModule({
      imports: [...mailers.map((options) => MailerModule.forRoot({ logger: false, ...options } as MailerModuleOptions)), ...(withTerminus ? [TerminusModule] : [])],
    }).compile();
    return moduleRef.get(MailerHealthIndicator);
  }

  const local = (port: number, extra: object = {}) => ({ transport: { host: '127.0.0.1', port, logger: false, ...extra } });

  it('reports up when verify() succeeds', async () => {
    server = await startSmtpServer();
    const health = await indicator([local(server.port)]);
    await expect(health.isHealthy()).resolves.toEqual({ mailer: { status: 'up' } });
    await expect(health.isHealthy('smtp')).resolves.toEqual({ smtp: { status: 'up' } });
    expect(server.messages).toHaveLength(0);
  });

  it('reports down with the SmtpError code and message when the server is unreachable', async () => {
    const health = await indicator([local(await closedPort())]);
    const result = await health.isHealthy('mailer');
    expect(result.mailer.status).toBe('down');
    expect(result.mailer).toEqual({ status: 'down', code: 'ECONNECTION', message: expect.stringMatching(/127\.0\.0\.1/) });
  });

  it('reports down with ETIMEDOUT when verify() outlasts the timeout', async () => {
    const silent = await silentServer();
    cleanups.push(() => silent.close());
    const health = await indicator([local(silent.port)]);
    const started = Date.now();
    const result = await health.isHealthy('mailer', { timeout: 200 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(result).toEqual({ mailer: { status: 'down', code: 'ETIMEDOUT', message: 'verify() did not finish within 200 ms' } });
    // The probe's deadline also ended the SMTP session it had opened.
    for (let i = 0; i < 50 && silent.openConnections() > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(silent.openConnections()).toBe(0);
  });

  it('never reports credentials when AUTH is refused', async () => {
    server = await startSmtpServer({ auth: { user: 'app', pass: 'right-password' } });
    const health = await indicator([local(server.port, { auth: { user: 'app-user-name', pass: 'hunter2-wrong' } })]);
    const result = await health.isHealthy();
    expect(result.mailer).toMatchObject({ status: 'down', code: 'EAUTH' });
    expect(JSON.stringify(result)).not.toMatch(/hunter2|app-user-name/);
  });

  it('checks a named mailer', async () => {
    server = await startSmtpServer();
    const health = await indicator([local(await closedPort()), { name: 'alerts', ...local(server.port) }]);
    await expect(health.isHealthy('alerts', { name: 'alerts' })).resolves.toEqual({ alerts: { status: 'up' } });
    await expect(health.isHealthy('default')).resolves.toMatchObject({ default: { status: 'down' } });
  });

  it('throws ECONFIG for a mailer name nobody registered', async () => {
    const health = await indicator([local(2525)]);
    await expect(health.isHealthy('mailer', { name: 'nope' })).rejects.toMatchObject({ code: 'ECONFIG', message: expect.stringMatching(/no mailer named "nope"/) });
  });

  it('cacheMs reuses a recent result instead of opening a session per probe', async () => {
    server = await startSmtpServer();
    const health = await indicator([local(server.port)]);
    const [first, second] = await Promise.all([health.isHealthy('mailer', { cacheMs: 5000 }), health.isHealthy('mailer', { cacheMs: 5000 })]);
    await health.isHealthy('mailer', { cacheMs: 5000 });
    expect([first, second]).toEqual([{ mailer: { status: 'up' } }, { mailer: { status: 'up' } }]);
    expect(server.connectionCount()).toBe(1);
    // cacheMs 0 probes every time.
    await health.isHealthy('mailer', { cacheMs: 0 });
    await health.isHealthy('mailer', { cacheMs: 0 });
    expect(server.connectionCount()).toBe(3);
  });

  it('by default reuses a result for 30 s, so back-to-back probes open one session', async () => {
    server = await startSmtpServer();
    const health = await indicator([local(server.port)]);
    const results = [];
    for (let probe = 0; probe < 5; probe += 1) results.push(await health.isHealthy());
    expect(results).toEqual(Array.from({ length: 5 }, () => ({ mailer: { status: 'up' } })));
    expect(server.connectionCount()).toBe(1);
    expect(DEFAULT_HEALTH_CACHE_MS).toBe(30_000);
  });


  it('a cached result expires after cacheMs', async () => {
    server = await startSmtpServer();
    const health = await indicator([local(server.port)]);
    await health.isHealthy('mailer', { cacheMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    await health.isHealthy('mailer', { cacheMs: 50 });
    expect(server.connectionCount()).toBe(2);
  });

  it('works when TerminusModule is not imported (Terminus installed but unused)', async () => {
    server = await startSmtpServer();
    const health = await indicator([local(server.port)], false);
    await expect(health.isHealthy()).resolves.toEqual({ mailer: { status: 'up' } });
  });

  describe('over HTTP with a Terminus controller', () => {
    let app: INestApplication | undefined;
    afterEach(async () => {
      await app?.close();
      app = undefined;
    });

    @Controller('health')
    class HealthController {
      constructor(
        private readonly health: HealthCheckService,
        private readonly mailer: MailerHealthIndicator,
      ) {}

      @Get()
      @HealthCheck()
      check() {
        return this.health.check([() => this.mailer.isHealthy('mailer', { timeout: 2000 })]);
      }
    }

    async function serve(port: number): Promise<string> {
      @Module({ imports: [TerminusModule.forRoot({ logger: false }), MailerModule.forRoot({ ...local(port), isGlobal: true })], controllers: [HealthController] })
      class AppModule {}
      app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
      await app.listen(0, '127.0.0.1');
      return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    }

    it('GET /health answers 200 with the mailer up', async () => {
      server = await startSmtpServer();
      const url = await serve(server.port);
      const res = await fetch(`${url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        status: 'ok',
        info: { mailer: { status: 'up' } },
        error: {},
        details: { mailer: { status: 'up' } },
      });
    });

    it('GET /health answers 503 with the code when the SMTP server is unreachable', async () => {
      const url = await serve(await closedPort());
      const res = await fetch(`${url}/health`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { status: string; error: Record<string, { status: string; code: string }> };
      expect(body.status).toBe('error');
      expect(body.error.mailer).toMatchObject({ status: 'down', code: 'ECONNECTION' });
    });
  });
});
