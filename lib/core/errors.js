/** SmtpError: the one error type of the engine, with a stable code, the dialogue phase and delivery status. */
const SMTP_ERROR_BRAND = Symbol.for('nestjs-smtp.SmtpError');
/**
 * The engine's only error class. `instanceof` works across two installed copies of the package
 * because it checks a `Symbol.for` brand rather than the prototype chain.
 *
 * @example
 * try { await transport.sendMail(msg) } catch (err) {
 *   if (err instanceof SmtpError && err.code === 'EENVELOPE') console.log(err.rejected);
 * }
 */
export class SmtpError extends Error {
    name = 'SmtpError';
    code;
    responseCode;
    enhancedStatus;
    response;
    command;
    rejected;
    rejectedErrors;
    phase;
    /** Always set: only `uncertain` when the final dot (or last BDAT) went out unanswered. */
    delivery;
    constructor(code, message, details = {}) {
        super(message, details.cause === undefined ? undefined : { cause: details.cause });
        this.code = code;
        this.delivery = details.delivery ?? 'not-sent';
        if (details.responseCode !== undefined)
            this.responseCode = details.responseCode;
        if (details.enhancedStatus !== undefined)
            this.enhancedStatus = details.enhancedStatus;
        if (details.response !== undefined)
            this.response = details.response;
        if (details.command !== undefined)
            this.command = details.command;
        if (details.rejected !== undefined)
            this.rejected = details.rejected;
        if (details.rejectedErrors !== undefined)
            this.rejectedErrors = details.rejectedErrors;
        if (details.phase !== undefined)
            this.phase = details.phase;
        Object.defineProperty(this, SMTP_ERROR_BRAND, { value: true });
    }
    static [Symbol.hasInstance](value) {
        return typeof value === 'object' && value !== null && value[SMTP_ERROR_BRAND] === true;
    }
    /** A copy of this error with some fields replaced (errors are immutable once thrown). */
    with(details) {
        return new SmtpError(details.code ?? this.code, details.message ?? this.message, {
            responseCode: this.responseCode,
            enhancedStatus: this.enhancedStatus,
            response: this.response,
            command: this.command,
            rejected: this.rejected,
            rejectedErrors: this.rejectedErrors,
            phase: this.phase,
            delivery: this.delivery,
            cause: this.cause,
            ...details,
        });
    }
    /** A 4xx reply: the same request may succeed later. */
    isTransient() {
        return this.responseCode !== undefined && this.responseCode >= 400 && this.responseCode < 500;
    }
    /** A 5xx reply: the request will not succeed as it is. */
    isPermanent() {
        return this.responseCode !== undefined && this.responseCode >= 500 && this.responseCode < 600;
    }
}
/** Wraps anything thrown into an SmtpError, keeping SmtpErrors as they are. */
export function toSmtpError(err, code, details = {}) {
    if (err instanceof SmtpError)
        return err;
    const message = err instanceof Error ? err.message : String(err);
    return new SmtpError(code, message, { ...details, cause: err });
}
//# sourceMappingURL=errors.js.map