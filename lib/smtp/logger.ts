/** Logger adapters (console, bunyan/pino, Nest Logger) and redaction of the SMTP dialogue. */

/** A bunyan/pino-style logger (`info`) or a Nest-style one (`log`); `debug`, `warn`, `error` on both. */
export interface SmtpLogger {
  /** Connections, authentication and accepted messages (bunyan/pino style). */
  info?: (message: string, ...meta: unknown[]) => unknown;
  /** The same level as `info`, for a Nest-style logger. */
  log?: (message: string, ...meta: unknown[]) => unknown;
  /** The SMTP dialogue, when the `debug` option is on. */
  debug?: (message: string, ...meta: unknown[]) => unknown;
  /** Warnings. */
  warn?: (message: string, ...meta: unknown[]) => unknown;
  /** Errors. */
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

const noop = (): void => undefined;

/** Builds the engine's log from the `logger` and `debug` options. */
export function createEngineLog(logger: boolean | SmtpLogger | undefined, debug: boolean): EngineLog {
  if (!logger) return { info: noop, debug: noop, warn: noop, error: noop, dialogue: false };
  const target: SmtpLogger = logger === true ? consoleLogger() : logger;
  const pick = (...names: Array<keyof SmtpLogger>): ((message: string) => void) => {
    for (const name of names) {
      const fn = target[name];
      if (typeof fn === 'function') return (message) => void fn.call(target, message);
    }
    return noop;
  };
  return {
    info: pick('info', 'log'),
    // Routine lines stay at debug: a logger without `debug` does not get them at a louder level.
    debug: pick('debug'),
    warn: pick('warn', 'info', 'log'),
    error: pick('error', 'warn', 'log'),
    dialogue: debug,
  };
}

function consoleLogger(): SmtpLogger {
  const stamp = (level: string) => (message: string) => console.log(`[${new Date().toISOString()}] ${level} ${message}`);
  return { info: stamp('INFO'), debug: stamp('DEBUG'), warn: stamp('WARN'), error: stamp('ERROR') };
}

/**
 * A client command line as it may appear in logs and errors: AUTH arguments and continuation payloads are
 * replaced by placeholders that keep only their size (logs never hold credentials).
 */
export function redactCommand(line: string, isSecret: boolean): string {
  if (isSecret) return `<secret ${Buffer.byteLength(line)} bytes>`;
  const auth = /^(AUTH\s+\S+)(\s+.*)?$/i.exec(line);
  if (auth) return auth[2] ? `${auth[1]} <secret ${Buffer.byteLength(auth[2].trim())} bytes>` : auth[1];
  return line;
}
