/**
 * What a mailer registered with `MailerTestingModule` has sent, oldest first. Injected by type for the
 * default mailer, or with `getMailerTestingStoreToken(name)` for a named one.
 *
 * @example
 * const store = moduleRef.get(MailerTestingStore);
 * expect(store.sent[0].subject).toBe('Welcome');
 */
export class MailerTestingStore {
    /** Messages in the order they were sent. */
    sent = [];
    /** The most recent message, if any. */
    get last() {
        return this.sent[this.sent.length - 1];
    }
    /** Forgets every recorded message. */
    clear() {
        this.sent.length = 0;
    }
    /** @internal Called by the in-memory transport. */
    record(mail) {
        this.sent.push(mail);
    }
}
//# sourceMappingURL=mailer-testing.store.js.map