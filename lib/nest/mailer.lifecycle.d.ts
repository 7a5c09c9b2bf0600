/** MailerLifecycle: verifies a mailer's transport at startup when asked, and closes it at shutdown. */
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { MailTransport } from '../transport/mail-transport.js';
/**
 * @internal One per mailer. A provider of its own, rather than hooks on `MailerService`, so that a test
 * overriding `MailerService` still gets the transport closed.
 */
export declare class MailerLifecycle implements OnModuleInit, OnApplicationShutdown {
    private readonly transport;
    private readonly mailerName;
    private readonly verifyOnBootstrap;
    constructor(transport: MailTransport, mailerName: string, verifyOnBootstrap: boolean);
    /**
     * Runs during `app.init()`, before any `onApplicationBootstrap`, so that code sending mail at bootstrap
     * already has a verified transport.
     * @throws SmtpError the transport's error, its message prefixed with the mailer's name.
     */
    onModuleInit(): Promise<void>;
    /** `close()` is graceful: queued and in-flight messages are delivered before the connections QUIT. */
    onApplicationShutdown(): Promise<void>;
}
