/**
 * Wraps a server starter so that every server it starts is closed after the test that started it.
 * Call at the top of a spec file: `const start = closedAfterEach(startSmtpServer);`.
 */
export declare function closedAfterEach<A extends unknown[], S extends {
    close(): Promise<void>;
}>(startServer: (...args: A) => Promise<S>): (...args: A) => Promise<S>;
