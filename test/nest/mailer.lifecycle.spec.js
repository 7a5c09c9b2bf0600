var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import 'reflect-metadata';
import { describe, it, expect, afterEach } from '@jest/globals';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MailerModule, MailerService, SmtpError } from '../../lib/index.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { closedPort } from '../helpers/free-port.js';
/** A real application context, as `NestFactory` builds it in main.ts (abortOnError: false, or a failure aborts). */
async function startApp(options) {
    let AppModule = class AppModule {
    };
    AppModule = __decorate([
        Module({ imports: [MailerModule.forRoot(options)] })
    ], AppModule);
    return NestFactory.createApplicationContext(AppModule, { abortOnError: false, logger: false });
}
describe('MailerModule lifecycle', () => {
    let server;
    let app;
    afterEach(async () => {
        await app?.close();
        await server?.close();
        app = undefined;
        server = undefined;
    });
    it('does not connect at startup by default', async () => {
        server = await startSmtpServer();
        app = await startApp({ transport: { host: '127.0.0.1', port: server.port } });
        expect(server.connectionCount()).toBe(0);
    });
    it('verifyOnBootstrap: true verifies the transport during startup', async () => {
        server = await startSmtpServer();
        app = await startApp({ transport: { host: '127.0.0.1', port: server.port }, verifyOnBootstrap: true });
        expect(server.connectionCount()).toBe(1);
        expect(server.commands.map((c) => c.command)).toEqual(expect.arrayContaining(['EHLO', 'QUIT']));
        expect(server.messages).toHaveLength(0);
    });
    it('verifyOnBootstrap failure stops the app from starting with the transport SmtpError', async () => {
        const port = await closedPort();
        const error = await startApp({ name: 'alerts', transport: { host: '127.0.0.1', port }, verifyOnBootstrap: true }).then((started) => { app = started; return undefined; }, (err) => err);
        expect(error).toBeInstanceOf(SmtpError);
        expect(error.code).toBe('ECONNECTION');
        expect(error.phase).toBe('connect');
        expect(error.message).toMatch(/^mailer "alerts": verifyOnBootstrap failed: /);
    });
    it('verifyOnBootstrap returned by a forRootAsync factory is honoured', async () => {
        const port = await closedPort();
        let AsyncAppModule = class AsyncAppModule {
        };
        AsyncAppModule = __decorate([
            Module({
                imports: [MailerModule.forRootAsync({ useFactory: () => ({ transport: { host: '127.0.0.1', port }, verifyOnBootstrap: true }) })],
            })
        ], AsyncAppModule);
        await expect(NestFactory.createApplicationContext(AsyncAppModule, { abortOnError: false, logger: false })).rejects.toMatchObject({
            code: 'ECONNECTION',
        });
    });
    it('shutdown delivers messages still queued or in flight before the server stops', async () => {
        // Each session waits 300 ms before its greeting, so both messages are still pending when close() starts.
        server = await startSmtpServer({ serverOptions: { onConnect: (_session, callback) => void setTimeout(callback, 300) } });
        const started = await startApp({ transport: { host: '127.0.0.1', port: server.port, pool: true, maxConnections: 1 }, defaults: { from: 'app@example.com' } });
        const mailer = started.get(MailerService);
        const sending = [
            mailer.sendMail({ to: 'a@example.com', subject: 'one', text: '1' }),
            mailer.sendMail({ to: 'b@example.com', subject: 'two', text: '2' }),
        ];
        expect(server.messages).toHaveLength(0);
        await started.close();
        // close() resolved: both messages already reached the server, which is still running.
        expect(server.messages.map((m) => m.envelope.to[0])).toEqual(['a@example.com', 'b@example.com']);
        await expect(Promise.all(sending)).resolves.toHaveLength(2);
        await expect(mailer.sendMail({ to: 'c@example.com', text: 'late' })).rejects.toMatchObject({ code: 'ECLOSED' });
    });
});
//# sourceMappingURL=mailer.lifecycle.spec.js.map