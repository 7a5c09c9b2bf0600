/** Logger adapters (console, bunyan/pino, Nest Logger) and redaction of the SMTP dialogue. */
const noop = () => undefined;
/** Builds the engine's log from the `logger` and `debug` options. */
export function createEngineLog(logger, debug) {
    if (!logger)
        return { info: noop, debug: noop, warn: noop, error: noop, dialogue: false };
    const target = logger === true ? consoleLogger() : logger;
    const pick = (...names) => {
        for (const name of names) {
            const fn = target[name];
            if (typeof fn === 'function')
                return (message) => void fn.call(target, message);
        }
        return noop;
    };
    return {
        info: pick('info', 'log'),
        debug: pick('debug', 'info', 'log'),
        warn: pick('warn', 'info', 'log'),
        error: pick('error', 'warn', 'log'),
        dialogue: debug,
    };
}
function consoleLogger() {
    const stamp = (level) => (message) => console.log(`[${new Date().toISOString()}] ${level} ${message}`);
    return { info: stamp('INFO'), debug: stamp('DEBUG'), warn: stamp('WARN'), error: stamp('ERROR') };
}
/**
 * A client command line as it may appear in logs and errors: AUTH arguments and continuation payloads are
 * replaced by placeholders that keep only their size (SPEC, Security: logs never hold credentials).
 */
export function redactCommand(line, isSecret) {
    if (isSecret)
        return `<secret ${Buffer.byteLength(line)} bytes>`;
    const auth = /^(AUTH\s+\S+)(\s+.*)?$/i.exec(line);
    if (auth)
        return auth[2] ? `${auth[1]} <secret ${Buffer.byteLength(auth[2].trim())} bytes>` : auth[1];
    return line;
}
//# sourceMappingURL=logger.js.map