/** Servers that live for one test: started through the returned function, closed after each test. */
import { afterEach } from '@jest/globals';
/**
 * Wraps a server starter so that every server it starts is closed after the test that started it.
 * Call at the top of a spec file: `const start = closedAfterEach(startSmtpServer);`.
 */
export function closedAfterEach(startServer) {
    const started = [];
    afterEach(async () => {
        // A test may have closed a server itself already; closing again must not fail the next test.
        await Promise.all(started.splice(0).map((server) => server.close().catch(() => undefined)));
    });
    return async (...args) => {
        const server = await startServer(...args);
        started.push(server);
        return server;
    };
}
//# sourceMappingURL=per-test.js.map