/** Logger adapters (console, bunyan/pino, Nest Logger) and redaction of the SMTP dialogue. */
/** A bunyan/pino-style logger (`info`) or a Nest-style one (`log`); `debug`, `warn`, `error` on both. */
export interface SmtpLogger {
    info?: (message: string, ...meta: unknown[]) => unknown;
    log?: (message: string, ...meta: unknown[]) => unknown;
    debug?: (message: string, ...meta: unknown[]) => unknown;
    warn?: (message: string, ...meta: unknown[]) => unknown;
    error?: (message: string, ...meta: unknown[]) => unknown;
}
/** What the engine calls: always all four levels, already bound, possibly no-ops. */
export interface EngineLog {
    info(message: string): void;
    debug(message: string): void;
    warn(message: string): void;
    error(message: string): void;
    /** Whether the dialogue itself is logged (the `debug` option). */
    readonly dialogue: boolean;
}
/** Builds the engine's log from the `logger` and `debug` options. */
export declare function createEngineLog(logger: boolean | SmtpLogger | undefined, debug: boolean): EngineLog;
/**
 * A client command line as it may appear in logs and errors: AUTH arguments and continuation payloads are
 * replaced by placeholders that keep only their size (SPEC, Security: logs never hold credentials).
 */
export declare function redactCommand(line: string, isSecret: boolean): string;
