var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
import 'reflect-metadata';
import { describe, it, expect, afterEach } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { Readable } from 'node:stream';
import { InjectMailer, MAILER_DEFAULTS, MAILER_OPTIONS, MAILER_TRANSPORT, MailerHealthIndicator, MailerService, SmtpError, getMailerTransportToken, } from '../../lib/index.js';
import { MailerTestingModule, MailerTestingStore, getMailerTestingStoreToken } from '../../lib/testing.js';
/** A service as users write them: it only knows MailerService. */
let WelcomeService = class WelcomeService {
    mailer;
    alerts;
    constructor(mailer, alerts) {
        this.mailer = mailer;
        this.alerts = alerts;
    }
    welcome(to) {
        return this.mailer.sendMail({ to, subject: 'Welcome, Jörg ✓', text: 'Hello\nline two', html: '<p>Hello</p>' });
    }
    alert(text) {
        return this.alerts.sendMail({ to: 'ops@example.com', subject: 'alert', text });
    }
};
WelcomeService = __decorate([
    Injectable(),
    __param(1, InjectMailer('alerts')),
    __metadata("design:paramtypes", [MailerService,
        MailerService])
], WelcomeService);
describe('MailerTestingModule', () => {
    let moduleRef;
    afterEach(async () => {
        await moduleRef?.close();
        moduleRef = undefined;
    });
    async function compile() {
        moduleRef = await Test.createTestingModule({
            imports: [
                MailerTestingModule.forRoot({ defaults: { from: 'App <app@example.com>' } }),
                MailerTestingModule.forRoot({ name: 'alerts', defaults: { from: 'alerts@example.com' } }),
            ],
            providers: [WelcomeService],
        }).compile();
        await moduleRef.init();
        return moduleRef;
    }
    it('records each message fully composed: envelope, from, to, subject, text, html, raw', async () => {
        const ref = await compile();
        const info = await ref.get(WelcomeService).welcome('Ann <ann@example.com>');
        const store = ref.get(MailerTestingStore);
        expect(store.sent).toHaveLength(1);
        const mail = store.sent[0];
        expect(info.accepted).toEqual(['ann@example.com']);
        expect(info.messageId).toBe(mail.messageId);
        expect(mail.envelope).toEqual({ from: 'app@example.com', to: ['ann@example.com'] });
        expect(mail.from).toBe('app@example.com');
        expect(mail.to).toEqual(['ann@example.com']);
        expect(mail.subject).toBe('Welcome, Jörg ✓');
        expect(mail.text).toBe('Hello\nline two');
        expect(mail.html).toBe('<p>Hello</p>');
        expect(mail.raw).toMatch(/^(?=[\s\S]*\r\nMIME-Version: 1\.0\r\n)(?=[\s\S]*\r\nMessage-ID: )/i);
        expect(mail.raw).not.toContain('Jörg'); // RFC 2047 encoded, as on the wire
        expect(mail.headers['message-id'][0]).toBe(mail.messageId);
        expect(store.last).toBe(mail);
    });
    it('keeps named mailers apart, each with its own store', async () => {
        const ref = await compile();
        await ref.get(WelcomeService).alert('disk full');
        expect(ref.get(MailerTestingStore).sent).toHaveLength(0);
        const alerts = ref.get(getMailerTestingStoreToken('alerts'));
        expect(alerts.sent.map((m) => [m.from, m.text])).toEqual([['alerts@example.com', 'disk full']]);
    });
    it('decodes attachments and keeps bcc in the envelope only', async () => {
        const ref = await compile();
        await ref.get(MailerService).sendMail({
            to: 'a@example.com',
            cc: ['c@example.com'],
            bcc: 'hidden@example.com',
            subject: 'files',
            text: 'see attached',
            attachments: [
                { filename: 'report é.csv', content: 'a,b\n1,2\n' },
                { filename: 'data.bin', content: Readable.from([Buffer.from([0, 1, 2, 255])]) },
                { filename: 'logo.png', content: Buffer.from('png'), cid: 'logo@app', contentType: 'image/png' },
            ],
        });
        const mail = ref.get(MailerTestingStore).sent[0];
        expect(mail.envelope.to).toEqual(['a@example.com', 'c@example.com', 'hidden@example.com']);
        expect(mail.cc).toEqual(['c@example.com']);
        expect(mail.raw).not.toContain('hidden@example.com');
        expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
            ['report é.csv', 'text/csv'],
            ['data.bin', 'application/octet-stream'],
            ['logo.png', 'image/png'],
        ]);
        expect(mail.attachments[0].content.toString()).toBe('a,b\n1,2\n');
        expect([...mail.attachments[1].content]).toEqual([0, 1, 2, 255]);
        expect(mail.attachments[2].cid).toBe('logo@app');
    });
    it('registers the same tokens as MailerModule, health indicator included', async () => {
        moduleRef = await Test.createTestingModule({ imports: [MailerTestingModule.forRoot(), TerminusModule] }).compile();
        const mailer = moduleRef.get(MailerService);
        expect(moduleRef.get(MAILER_TRANSPORT)).toBe(mailer.transport);
        expect(moduleRef.get(MAILER_OPTIONS).port).toBe(587);
        expect(moduleRef.get(MAILER_DEFAULTS)).toEqual({});
        await expect(mailer.verify()).resolves.toBe(true);
        await expect(moduleRef.get(MailerHealthIndicator).isHealthy()).resolves.toEqual({ mailer: { status: 'up' } });
    });
    it('fails like the real transport on bad input, and records nothing', async () => {
        const ref = await compile();
        const mailer = ref.get(MailerService);
        await expect(mailer.sendMail({ to: 'b@x.test>\r\nRCPT TO:<evil@z.test', text: 'x' })).rejects.toBeInstanceOf(SmtpError);
        await expect(mailer.sendMail({ to: 'b@x.test>\r\nRCPT TO:<evil@z.test', text: 'x' })).rejects.toMatchObject({ code: 'EENVELOPE' });
        await expect(mailer.sendMail({ subject: 'nobody', text: 'x' })).rejects.toMatchObject({ code: 'EENVELOPE' });
        expect(ref.get(MailerTestingStore).sent).toHaveLength(0);
    });
    it('clear() forgets what was sent; after shutdown sendMail rejects with ECLOSED', async () => {
        const ref = await compile();
        const mailer = ref.get(MailerService);
        await mailer.sendMail({ to: 'a@example.com', text: 'one' });
        const store = ref.get(MailerTestingStore);
        store.clear();
        expect(store.sent).toEqual([]);
        await ref.close();
        moduleRef = undefined;
        await expect(mailer.sendMail({ to: 'a@example.com', text: 'late' })).rejects.toMatchObject({ code: 'ECLOSED' });
    });
    it('isGlobal serves feature modules that do not import it', async () => {
        let FeatureModule = class FeatureModule {
        };
        FeatureModule = __decorate([
            Module({ providers: [WelcomeService], exports: [WelcomeService] })
        ], FeatureModule);
        moduleRef = await Test.createTestingModule({
            imports: [MailerTestingModule.forRoot({ isGlobal: true }), MailerTestingModule.forRoot({ name: 'alerts', isGlobal: true }), FeatureModule],
        }).compile();
        await moduleRef.get(WelcomeService).welcome('ann@example.com');
        expect(moduleRef.get(MailerTestingStore).sent).toHaveLength(1);
        expect(moduleRef.get(getMailerTransportToken('alerts'))).toBeDefined();
    });
});
//# sourceMappingURL=mailer-testing.module.spec.js.map