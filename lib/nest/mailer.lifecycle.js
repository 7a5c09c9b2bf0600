import { SmtpError } from '../core/errors.js';
/**
 * @internal One per mailer. A provider of its own, rather than hooks on `MailerService`, so that a test
 * overriding `MailerService` still gets the transport closed.
 */
export class MailerLifecycle {
    transport;
    mailerName;
    verifyOnBootstrap;
    constructor(transport, mailerName, verifyOnBootstrap) {
        this.transport = transport;
        this.mailerName = mailerName;
        this.verifyOnBootstrap = verifyOnBootstrap;
    }
    /**
     * Runs during `app.init()`, before any `onApplicationBootstrap`, so that code sending mail at bootstrap
     * already has a verified transport.
     * @throws SmtpError the transport's error, its message prefixed with the mailer's name.
     */
    async onModuleInit() {
        if (!this.verifyOnBootstrap)
            return;
        try {
            await this.transport.verify();
        }
        catch (err) {
            // Nest runs no shutdown hook when startup fails, so release the transport here.
            await this.transport.close().catch(() => undefined);
            throw describeVerifyFailure(this.mailerName, err);
        }
    }
    /** `close()` is graceful: queued and in-flight messages are delivered before the connections QUIT. */
    async onApplicationShutdown() {
        await this.transport.close();
    }
}
function describeVerifyFailure(mailerName, err) {
    if (!(err instanceof SmtpError))
        return err;
    return err.with({ message: `mailer "${mailerName}": verifyOnBootstrap failed: ${err.message}`, cause: err });
}
//# sourceMappingURL=mailer.lifecycle.js.map